import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { documentClient, tableName } from '../../functions/platform/aws';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { open } from '../../functions/platform/envelope';
import { piiKeys } from '../../functions/platform/deps';
import type { Complaint } from '../../functions/complaints/domain/complaint';
import { type Harness, useHarness } from '../support/local-platform';

/** 12398 work orders through the signed webhook of the local runtime (P1, P4). */
describe('12398 hotline webhook', () => {
  let h: Harness;
  let wh: Webhook;
  const run = Date.now().toString(36).toUpperCase();
  useHarness((started) => (h = started));
  beforeAll(async () => {
    const { secrets } = JSON.parse(process.env.HOTLINE_WEBHOOK_SECRETS!) as { secrets: string[] };
    wh = new Webhook(secrets[0]!);
  });

  const order = (no: string, o: Record<string, unknown> = {}) => ({
    orderNo: `HL${run}${no}`,
    receivedAt: '2026-11-22T10:00:00+08:00',
    channel: 'phone',
    type: 'complaint',
    businessArea: 'connection',
    regionCode: '350102',
    party: { name: '国网福州供电公司' },
    facts: '报装后超过十个工作日未接电',
    request: '尽快接电',
    complainant: { name: '李四', contact: '13912345678' },
    ...o,
  });
  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(`${h.p.apiUrl}/v1/webhooks/hotline-12398`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (body: string, id = `msg_${Math.random().toString(36).slice(2)}`, at = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': wh.sign(id, at, body),
  });
  const stored = async (no: string) =>
    (await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `COMPLAINT#HL${run}${no}`, sk: 'STATE' } }))).Item;

  it('P1: a signed work order is stored once and routed to the agency of its region', async () => {
    const body = JSON.stringify(order('001'));
    const res = await deliver(body, signed(body));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ complaintId: `HL${run}001`, agencyId: 'nea-fujian', status: 'received' });
    const sichuan = JSON.stringify(order('002', { regionCode: '510104' }));
    expect(await (await deliver(sichuan, signed(sichuan))).json()).toMatchObject({ agencyId: 'nea-sichuan' });
  });

  it('P1: unsigned, wrongly signed, stale, future-dated, malformed and invalid deliveries are 4xx problems and store nothing', async () => {
    const body = JSON.stringify(order('010'));
    const cases: [Record<string, string>, string, number, string][] = [
      [{}, body, 401, 'WEBHOOK.UNSIGNED'],
      [{ ...signed(body), 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }, body, 401, 'WEBHOOK.BAD_SIGNATURE'],
      [signed(body, 'msg_old', new Date(Date.now() - 6 * 60_000)), body, 401, 'WEBHOOK.STALE_OR_FUTURE'],
      [signed(body, 'msg_future', new Date(Date.now() + 6 * 60_000)), body, 401, 'WEBHOOK.STALE_OR_FUTURE'],
      [signed(body), body.replace('李四', '王五'), 401, 'WEBHOOK.BAD_SIGNATURE'],
      [signed('{"orderNo":'), '{"orderNo":', 400, 'REQUEST.MALFORMED_JSON'],
    ];
    for (const [headers, sent, status, code] of cases) {
      const res = await deliver(sent, headers);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ status, code });
    }
    const invalid = JSON.stringify(order('010', { channel: 'pigeon' }));
    const res = await deliver(invalid, signed(invalid));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [expect.objectContaining({ path: '$.body.channel' })] });
    // Past the route's declared 1 MiB (inline attachments fit under it): refused before the signature is even checked.
    const huge = JSON.stringify(order('010', { facts: 'x'.repeat(1_100_000) }));
    expect((await deliver(huge, signed(huge))).status).toBe(413);
    expect(await stored('010')).toBeUndefined();
  });

  it('P1: 20 concurrent deliveries of the same work order make one complaint, and every one is answered 2xx', async () => {
    const body = JSON.stringify(order('020'));
    const headers = signed(body, 'msg_dup_020');
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(body, headers)));
    expect(results.every((r) => r.status === 200 || r.status === 202)).toBe(true);
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    const events = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `COMPLAINT#HL${run}020`, sk: 'STATE' } }))).Item!;
    expect(events.version).toBe(1);
    // The same order number under a new webhook id is a redelivery too.
    const again = await deliver(body, signed(body, 'msg_other_id'));
    expect(await again.json()).toMatchObject({ duplicate: true });
  });

  it('P1: a webhook id reused for another work order is a 409 problem, not a silent "duplicate" that drops the new order', async () => {
    const first = JSON.stringify(order('040'));
    expect((await deliver(first, signed(first, `msg_reuse_${run}`))).status).toBe(202);
    const other = JSON.stringify(order('041'));
    const reused = await deliver(other, signed(other, `msg_reuse_${run}`));
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ status: 409, code: 'WEBHOOK.ID_REUSED' });
    expect(await stored('041')).toBeUndefined();
    // The same order under its own id again is still a quiet redelivery.
    expect(await (await deliver(first, signed(first, `msg_reuse_${run}`))).json()).toMatchObject({ duplicate: true });
  });

  it('P4: the complainant is sealed at rest — the stored item holds no name or number — and opens only with the key and the complaint', async () => {
    const body = JSON.stringify(order('030'));
    await deliver(body, signed(body));
    const item = (await stored('030'))!;
    expect(JSON.stringify(item)).not.toMatch(/李四|13912345678/);
    const c = item.state as Complaint;
    expect(c.complainant.anonymous).toBe(false);
    if (c.complainant.anonymous) throw new Error('expected a sealed complainant');
    expect(JSON.parse(await open(piiKeys(), c.complainant.sealed, { complaint: c.complaintId }))).toEqual({ name: '李四', contact: '13912345678' });
    await expect(open(piiKeys(), c.complainant.sealed, { complaint: `HL${run}001` })).rejects.toThrow();
    expect(readFileSync(process.env.PII_LOCAL_KEY_FILE!)).toHaveLength(32);
  });
});
