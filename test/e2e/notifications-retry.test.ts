import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FACILITY_INSTALL_L3_MATERIALS, newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Notifications when the mail provider fails (issue 15; docs/notifications.md): a platform whose
 * outbox URL points at a provider that refuses the first messages. A platform of this file's own:
 * the SDK clients of a test file are made once, for the first platform it starts.
 */
const MATERIALS = FACILITY_INSTALL_L3_MATERIALS;
interface NotificationView {
  notificationId: string;
  kind: string;
  status: string;
  deliveries: { channel: string; attempts: number }[];
}

describe('notifications when the mail provider fails', () => {
  // A provider that answers 503 to the first three messages, then takes each message id once.
  const received: { messageId: string; channel: string }[] = [];
  let refused = 0;
  const provider: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (refused < 3) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      const m = JSON.parse(body) as { messageId: string; channel: string };
      if (!received.some((r) => r.messageId === m.messageId)) received.push(m);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let h: Harness;
  beforeAll(() => new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));
  useHarness(
    (started) => (h = started),
    () => ({ notifyOutboxUrl: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/outbox` }),
  );

  it('a failed channel is retried with backoff until it is sent; each channel is sent once', async () => {
    const uscc = newUscc('350100');
    const token = await h.token({ role: 'applicant', enterpriseId: uscc });
    const contact = { name: '周工', email: `retry-${Date.now().toString(36)}@example.cn`, mobile: '13700000000' };
    expect(
      (
        await h.http('POST', '/v1/enterprises', {
          token,
          body: { uscc, name: '福建重试测试电力有限公司', regionCode: '350100', legalRepresentative: { name: '周' }, contact },
        })
      ).status,
    ).toBe(201);
    const docs: Record<string, string> = {};
    for (const m of MATERIALS) docs[m] = await h.uploadDocument(uscc, token, m, { validUntil: '2030-12-31' });
    const id = (await h.http('POST', '/v1/applications', { token, body: { matterId: 'facility-install-l3.new', documentIds: [docs['application-form']] } }))
      .json!.id as string;
    await h.settle();
    const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-fujian' });
    expect((await h.http('POST', `/v1/applications/${id}/acceptance`, { token: reviewer, body: { decision: 'accept' } })).json).toMatchObject({
      status: 'under-review',
    });
    await h.settle();
    const timeline = (await h.http('GET', `/v1/applications/${id}`, { token })).json!.timeline as { type: string; notification?: NotificationView }[];
    const n = timeline.find((t) => t.type === 'Notification')!.notification! as NotificationView & { deliveries: { attempts: number }[] };
    expect(n).toMatchObject({ kind: 'acceptance', status: 'sent' });
    expect(refused).toBe(3);
    expect(
      received
        .filter((m) => m.messageId.startsWith(`${n.notificationId}.`))
        .map((m) => m.channel)
        .sort(),
    ).toEqual(['email', 'sms']);
    // Three refusals over the two channels: at least one channel needed several attempts, and a sent channel was not sent again.
    expect(n.deliveries.reduce((sum, d) => sum + d.attempts, 0)).toBe(5);
  });
});
