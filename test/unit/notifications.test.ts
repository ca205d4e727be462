import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { channelsOf, Contact, maskContact } from '../../functions/enterprises/domain/contact';
import { channelsToSend, deadLettered, noContact, recordAttempt } from '../../functions/enterprises/domain/notification';
import { noticeFor } from '../../functions/enterprises/notice-texts';
import type { Application } from '../../functions/licensing/domain/application';
import { callsForNotice, NOTICE_KINDS, notices } from '../../functions/notices';
import { reactions } from '../../functions/reactions';
import { SesNotifier } from '../../functions/platform/notifier.ses';
import { SnsNotifier } from '../../functions/platform/notifier.sns';
import { GatewayNotifier } from '../../functions/platform/notifier.gateway';
import { ChannelNotifier, offer } from '../../functions/platform/notifier';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { StoredEvent } from '../../functions/platform/event-store';
import { DEMO_CASE_FOR_NOTICES } from '../support/fixtures';

const event = (type: string, data: Record<string, unknown>): StoredEvent =>
  ({
    stream: 'APPLICATION#AP20261201ABCDEFGH',
    seq: 7,
    type,
    data,
    at: '2026-12-01T02:00:00.000Z',
    actor: 'reviewer-1',
    hash: 'h',
    prevHash: 'p',
  }) as StoredEvent;
const app = DEMO_CASE_FOR_NOTICES as unknown as Application;

const PORTAL = 'https://www.powerpermit.example.gov.cn/portal';

describe('what enterprises are told (functions/notices.ts)', () => {
  it('every notice row has the notifying reaction, and only events that call for a notice start it', () => {
    for (const type of Object.keys(notices)) {
      expect([type, (reactions as Record<string, readonly { stateMachine: string }[]>)[type]?.some((r) => r.stateMachine === 'enterprise-notify')]).toEqual([
        type,
        true,
      ]);
    }
    expect(new Set(Object.values(notices).map((n) => n.kind))).toEqual(new Set(NOTICE_KINDS));
    expect(callsForNotice({ type: 'InspectionOutcomeDecided', data: { outcome: 'compliant' } })).toBe(false);
    expect(callsForNotice({ type: 'InspectionOutcomeDecided', data: { outcome: 'rectification' } })).toBe(true);
    expect(callsForNotice({ type: 'SupplementSubmitted', data: {} })).toBe(false);
  });

  it('a denial tells the reasons and the rights of reconsideration and litigation; a refusal of acceptance too', () => {
    const rights = '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。';
    const denied = noticeFor(event('ApplicationDenied', { outcome: 'deny', reasons: '技术人员数量不足', rights }), app, PORTAL)!;
    expect(denied).toMatchObject({ kind: 'decision', uscc: app.uscc, about: { kind: 'application', id: app.id } });
    expect(denied.title).toBe(`不予许可决定：承装（修、试）电力设施许可证（承装类）三级首次申请（${app.id}）`);
    expect(denied.text).toContain('理由：技术人员数量不足');
    expect(denied.text).toContain(rights);
    expect(denied.sms).toBe(`【福建能源监管办】您的申请${app.id}不予许可，理由及救济途径详见邮件或平台。`);
    const refused = noticeFor(event('ApplicationRefused', { reasons: '不属于本机关职权范围', rights }), app, PORTAL)!;
    expect(refused.title).toMatch(/^不予受理决定：/);
    expect(refused.text).toContain(rights);
    // The actor (a staff member) is never in what the enterprise is told.
    expect(JSON.stringify([denied, refused])).not.toContain('reviewer-1');
  });

  it('a deemed acceptance says so, with the decision due date', () => {
    const n = noticeFor(event('ApplicationDeemedAccepted', { asOf: '2026-11-24', deemed: true }), app, PORTAL)!;
    expect(n.text).toContain('依法自收到申请材料之日起即为受理');
    expect(n.text).toContain('审查决定期限至 2026-12-29');
  });

  it('a notice links to the portal page it is about, never to an API path', () => {
    const n = noticeFor(event('ApplicationAccepted', { asOf: '2026-12-01', deemed: false }), app, `${PORTAL}/`)!;
    expect(n.text.split('\n').at(-1)).toBe(`办理进度：${PORTAL}/cases/${app.id}`);
    expect(n.text).not.toContain('/v1/');
  });
});

describe('the contact and the notification record', () => {
  it('a contact needs an e-mail address or a mobile; it is masked for display', () => {
    expect(Contact.safeParse({ name: '王五' }).success).toBe(false);
    expect(Contact.safeParse({ name: '王五', mobile: '1234' }).success).toBe(false);
    const c = Contact.parse({ name: '欧阳小明', email: 'wang@example.cn', mobile: '13812345678' });
    expect(channelsOf(c)).toEqual(['email', 'sms']);
    expect(maskContact(c)).toEqual({ name: '欧***', email: 'w***@example.cn', mobile: '138****5678' });
  });

  it('an attempt records each channel; a failed one stays pending and is the only one sent again; all sent → sent', () => {
    const notice = noticeFor(event('ApplicationAccepted', { asOf: '2026-12-01', deemed: false }), app, PORTAL)!;
    const at = new Date('2026-12-01T02:00:00Z');
    const first = recordAttempt(
      undefined,
      'APPLICATION#X@7',
      notice,
      [
        { channel: 'email', to: 'o***@x.cn', ok: true, outcome: 'ses 1' },
        { channel: 'sms', to: '138****5678', ok: false, outcome: 'sns Throttled' },
      ],
      at,
    );
    expect(first.state.status).toBe('pending');
    expect(first.events.map((e) => e.type)).toEqual(['EnterpriseNotificationFailed']);
    expect(channelsToSend(first.state, ['email', 'sms'])).toEqual(['sms']);
    const second = recordAttempt(first.state, 'APPLICATION#X@7', notice, [{ channel: 'sms', to: '138****5678', ok: true, outcome: 'sns 2' }], at);
    expect(second.state).toMatchObject({
      status: 'sent',
      deliveries: [
        { channel: 'email', attempts: 1 },
        { channel: 'sms', attempts: 2, status: 'sent' },
      ],
    });
    expect(second.events).toEqual([{ type: 'EnterpriseNotified', data: { kind: 'acceptance', about: notice.about, channels: ['email', 'sms'] } }]);
    // Settled: nothing more is recorded, whatever arrives.
    expect(recordAttempt(second.state, 'APPLICATION#X@7', notice, [], at).events).toEqual([]);
    expect(noContact(second.state, 'APPLICATION#X@7', notice, at).events).toEqual([]);
    expect(deadLettered(second.state, 'APPLICATION#X@7', notice, 'x', at).events).toEqual([]);
    // The events name channels, never an address.
    expect(JSON.stringify([first.events, second.events])).not.toMatch(/x\.cn|5678/);
  });
});

describe('notification adapters (failure paths)', () => {
  const message = { messageId: 'ntc-1.email', channel: 'email' as const, to: 'a@example.cn', subject: 's', text: 't' };

  it('SES: a refusal is an answer (not retried as unknown); throttling and faults are thrown for the workflow to retry', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const notifier = new SesNotifier('noreply@notify.example.cn', 'ap-southeast-1');
    expect(await notifier.send(message)).toEqual({ ok: true, outcome: 'ses m-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toMatchObject({
      FromEmailAddress: 'noreply@notify.example.cn',
      Destination: { ToAddresses: ['a@example.cn'] },
      EmailTags: [{ Name: 'notification', Value: 'ntc-1_email' }],
    });
    ses.reset();
    ses.on(SendEmailCommand).rejects(new SESv2ServiceException({ name: 'MessageRejected', $fault: 'client', $metadata: {} }));
    expect(await notifier.send(message)).toEqual({ ok: false, outcome: 'ses MessageRejected' });
    ses.reset();
    ses.on(SendEmailCommand).rejects(new SESv2ServiceException({ name: 'TooManyRequestsException', $fault: 'client', $metadata: {} }));
    await expect(notifier.send(message)).rejects.toThrow();
    ses.restore();
  });

  it('P4: a channel that fails with a message naming the address or number is told by its code alone (what the notification and the workflow keep)', async () => {
    const ses = mockClient(SESv2Client);
    const sns = mockClient(SNSClient);
    const fault = (Exception: typeof SESv2ServiceException | typeof SNSServiceException, to: string) =>
      new Exception({ name: 'InternalFailure', $fault: 'server', $metadata: {}, message: `Could not deliver to ${to}: mailbox unavailable` });
    ses.on(SendEmailCommand).rejects(fault(SESv2ServiceException, 'a@example.cn'));
    sns.on(PublishCommand).rejects(fault(SNSServiceException, '+8613812345678'));
    const channels = new ChannelNotifier({ email: new SesNotifier('noreply@notify.example.cn', 'ap-southeast-1'), sms: new SnsNotifier('ap-southeast-1') });
    const sms = { ...message, messageId: 'ntc-1.sms', channel: 'sms' as const, to: '13812345678' };
    const outcomes = [await offer(channels, message), await offer(channels, sms)];
    expect(outcomes).toEqual([
      { ok: false, outcome: 'unknown: InternalFailure' },
      { ok: false, outcome: 'unknown: InternalFailure' },
    ]);
    // A network failure: its system code, not its text.
    const refused = Object.assign(new TypeError('fetch failed for 13812345678'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(await offer({ send: () => Promise.reject(refused) }, sms)).toEqual({ ok: false, outcome: 'unknown: TypeError ECONNREFUSED' });
    ses.restore();
    sns.restore();
  });

  it('SNS: a transactional SMS to the +86 number; an invalid number is an answer, throttling is thrown', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 's-1' });
    const notifier = new SnsNotifier('ap-southeast-1');
    const sms = { ...message, messageId: 'ntc-1.sms', channel: 'sms' as const, to: '13812345678' };
    expect(await notifier.send(sms)).toEqual({ ok: true, outcome: 'sns s-1' });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toMatchObject({
      PhoneNumber: '+8613812345678',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    sns.reset();
    sns.on(PublishCommand).rejects(new SNSServiceException({ name: 'InvalidParameterException', $fault: 'client', $metadata: {} }));
    expect(await notifier.send(sms)).toEqual({ ok: false, outcome: 'sns InvalidParameterException' });
    sns.reset();
    sns.on(PublishCommand).rejects(new SNSServiceException({ name: 'ThrottledException', $fault: 'client', $metadata: {} }));
    await expect(notifier.send(sms)).rejects.toThrow();
    sns.restore();
  });

  it('the messaging gateway (mainland profile, and the local outbox): a signed POST whose webhook id is the message id; busy or broken is thrown, another 4xx is its answer', async () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const statuses = [202, 400, 503, 429];
    const received: { id: string; verified: unknown }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), verified: new Webhook(secret).verify(body, req.headers as Record<string, string>) });
        res.statusCode = statuses[received.length - 1]!;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.NOTIFY_GATEWAY_SECRETS = JSON.stringify({ secrets: [secret] });
    try {
      const notifier = new GatewayNotifier(`http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`);
      const sms = { ...message, messageId: 'ntc-1.sms', channel: 'sms' as const, to: '13812345678' };
      expect(await notifier.send(sms)).toEqual({ ok: true, outcome: 'gateway HTTP 202' });
      expect(received[0]).toEqual({ id: 'ntc-1.sms', verified: sms });
      expect(await notifier.send(sms)).toEqual({ ok: false, outcome: 'gateway HTTP 400' });
      await expect(notifier.send(sms)).rejects.toThrow(/HTTP 503/);
      await expect(notifier.send(sms)).rejects.toThrow(/HTTP 429/);
    } finally {
      delete process.env.NOTIFY_GATEWAY_SECRETS;
      server.close();
    }
  });
});
