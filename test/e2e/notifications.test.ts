import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient, tableName } from '../../functions/platform/aws';
import { handler as streamHandler } from '../../functions/platform/stream.handler';
import { latinLeaks } from '../support/chinese-only';
import { FACILITY_INSTALL_L3_MATERIALS, hanTag, newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Applicants are told, not only asked to poll (issue 15; docs/notifications.md): each kind of
 * notice reaches the enterprise's registered contact by e-mail and SMS — found in the local outbox
 * with the right recipient and words, once, also after its event is delivered again — and shows in
 * the case's timeline, the licence and the enterprise's inbox, with the addresses masked.
 */
const MATERIALS = FACILITY_INSTALL_L3_MATERIALS;
type Json = Record<string, unknown>;
interface OutboxItem {
  messageId: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  /** How many times the gateway received this message id (the local outbox counts them). */
  deliveries: number;
}
interface NotificationView {
  notificationId: string;
  kind: string;
  title: string;
  status: string;
  about: { kind: string; id: string };
  deliveries: { channel: string; to: string; status: string }[];
}

describe('notifications to enterprises', () => {
  let h: Harness;
  let reviewer: string;
  let decisionMaker: string;
  const run = Date.now().toString(36);
  const email = `office-${run}@example.cn`;
  const mobile = `139${String(Date.now()).slice(-8)}`;
  const uscc = newUscc('350100');
  let applicant = '';
  useHarness((started) => (h = started));
  beforeAll(async () => {
    reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-fujian', sub: `reviewer-${run}` });
    decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-fujian' });
    applicant = await h.token({ role: 'applicant', enterpriseId: uscc });
    const registered = await h.http('POST', '/v1/enterprises', {
      token: applicant,
      body: {
        uscc,
        name: `福建通知测试电力有限公司${hanTag(run)}`,
        regionCode: '350100',
        legalRepresentative: { name: '林一' },
        contact: { name: '陈小红', email, mobile },
      },
    });
    if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.json)}`);
  });

  it('the contact is kept sealed: shown masked, never in an event', async () => {
    const e = (await h.http('GET', `/v1/enterprises/${uscc}`, { token: applicant })).json!;
    expect(e.contact).toEqual({ channels: ['email', 'sms'], masked: { name: '陈**', email: 'o***@example.cn', mobile: `139****${mobile.slice(-4)}` } });
    const audit = JSON.stringify((await h.http('GET', `/v1/enterprises/${uscc}/audit`, { token: applicant })).json);
    expect(audit).toContain('"contactChannels":["email","sms"]');
    expect(audit).not.toMatch(new RegExp(`${email}|${mobile}|陈小红`));
  });

  const outbox = async () => ((await h.http('GET', '/local/outbox')).json!.items as OutboxItem[]).filter((m) => m.to === email || m.to === mobile);
  const act = (token: string, id: string, step: string, body: Json = {}) => h.http('POST', `/v1/applications/${id}/${step}`, { token, body });
  /** The messages of one notification: exactly one e-mail to the contact's address and one SMS to its mobile. */
  const sentFor = async (n: NotificationView) => {
    const messages = (await outbox()).filter((m) => m.messageId.startsWith(`${n.notificationId}.`));
    // Each sent once: a second delivery of the same message would count 2 here, not hide as a duplicate.
    expect(messages.map((m) => [m.channel, m.to, m.deliveries]).sort()).toEqual([
      ['email', email, 1],
      ['sms', mobile, 1],
    ]);
    return { email: messages.find((m) => m.channel === 'email')!, sms: messages.find((m) => m.channel === 'sms')! };
  };
  const timelineNotices = async (caseId: string) =>
    (((await h.http('GET', `/v1/applications/${caseId}`, { token: applicant })).json!.timeline as { type: string; notification?: NotificationView }[]) ?? [])
      .filter((t) => t.type === 'Notification')
      .map((t) => t.notification!);
  const noticeOfKind = async (caseId: string, kind: string) => (await timelineNotices(caseId)).filter((n) => n.kind === kind);

  let caseId = '';
  let licenseNo = '';

  it('a correction notice reaches the contact by e-mail and SMS with every deficiency, once, also after its event is delivered again', async () => {
    const docs: Record<string, string> = {};
    for (const m of MATERIALS.filter((x) => x !== 'equipment-list')) docs[m] = await h.uploadDocument(uscc, applicant, m, { validUntil: '2030-12-31' });
    // The form is named; the reusable materials come from the vault (L2); the equipment list is missing.
    const submitted = await h.http('POST', '/v1/applications', {
      token: applicant,
      body: { matterId: 'facility-install-l3.new', documentIds: [docs['application-form']] },
    });
    expect(submitted.status).toBe(201);
    caseId = submitted.json!.id as string;
    await h.settle();
    expect(
      (await act(reviewer, caseId, 'correction-notice', { deficiencies: [{ materialType: 'financial-report', problem: '财务报告缺少审计意见页' }] })).status,
    ).toBe(200);
    await h.settle();
    const [n] = await noticeOfKind(caseId, 'correction-notice');
    expect(n).toMatchObject({ status: 'sent', about: { kind: 'application', id: caseId } });
    expect(n!.deliveries.map((d) => [d.channel, d.to, d.status])).toEqual([
      ['email', 'o***@example.cn', 'sent'],
      ['sms', `139****${mobile.slice(-4)}`, 'sent'],
    ]);
    const { email: mail, sms } = await sentFor(n!);
    expect(mail.subject).toBe(`补正材料通知：承装（修、试）电力设施许可证（承装类）三级首次申请（${caseId}）`);
    expect(mail.text).toContain('1. 最近一年财务报告：财务报告缺少审计意见页');
    // The platform adds every material still missing to the one notice (L4).
    expect(mail.text).toContain('2. 机具设备清单');
    expect(sms.text).toMatch(/^【福建能源监管办】您的申请.+需一次性补正2项材料/);
    // No one else's personal data: not the reviewer, not the legal representative.
    expect(mail.text + sms.text).not.toMatch(new RegExp(`林一|reviewer-${run}`));

    // The stream delivers the event again: the same obligation, the same execution — no second message.
    const events = (await h.http('GET', `/v1/applications/${caseId}/audit`, { token: applicant })).json!.events as { type: string; seq: number }[];
    const seq = events.find((e) => e.type === 'CorrectionNoticeIssued')!.seq;
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: tableName(), Key: { pk: `APPLICATION#${caseId}`, sk: `EV#${String(seq).padStart(10, '0')}` } }),
    );
    expect(Item).toBeDefined();
    const redelivered = await streamHandler({
      Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(Item!, { removeUndefinedValues: true }) } }],
    } as unknown as DynamoDBStreamEvent);
    expect(redelivered.batchItemFailures).toEqual([]);
    await h.settle();
    await sentFor(n!);
    expect(await noticeOfKind(caseId, 'correction-notice')).toHaveLength(1);
  });

  it('acceptance and an extension of the decision period reach the contact with the new due date', async () => {
    const more = [await h.uploadDocument(uscc, applicant, 'equipment-list', { validUntil: '2030-12-31' })];
    const financial = await h.uploadDocument(uscc, applicant, 'financial-report', { validUntil: '2030-12-31', text: 'audited' });
    expect((await act(applicant, caseId, 'supplements', { documentIds: [...more, financial] })).status).toBe(200);
    expect((await act(reviewer, caseId, 'acceptance', { decision: 'accept' })).status).toBe(200);
    const extended = await act(reviewer, caseId, 'extension', { workingDays: 10, reason: '需要补充核查技术人员资格' });
    expect(extended.status).toBe(200);
    await h.settle();
    const [accepted] = await noticeOfKind(caseId, 'acceptance');
    expect((await sentFor(accepted!)).email.text).toMatch(/已于 \d{4}-\d{2}-\d{2} 受理/);
    const [ext] = await noticeOfKind(caseId, 'extension');
    const newDue = (extended.json!.deadlines as { kind: string; dueDate: string }[]).find((d) => d.kind === 'decision')!.dueDate;
    const { email: mail, sms } = await sentFor(ext!);
    expect(mail.text).toContain(`延长 10 个工作日，至 ${newDue}`);
    expect(mail.text).toContain('理由：需要补充核查技术人员资格');
    expect(sms.text).toContain(`审查期限延长至${newDue}`);
  });

  it('the decision and the licence issued reach the contact; the licence shows its notification', async () => {
    expect((await act(decisionMaker, caseId, 'decision', { outcome: 'grant', reasons: '符合条件' })).status).toBe(200);
    await h.settle();
    const [decision] = await noticeOfKind(caseId, 'decision');
    expect((await sentFor(decision!)).email.subject).toMatch(/^准予许可决定：/);
    licenseNo = ((await h.http('GET', `/v1/applications/${caseId}`, { token: applicant })).json!.licenseIssued as { licenseNo: string }).licenseNo;
    const license = (await h.http('GET', `/v1/licenses/${licenseNo}`, { token: applicant })).json!;
    const [issued] = license.notifications as NotificationView[];
    expect(issued).toMatchObject({ kind: 'license-issued', status: 'sent', about: { kind: 'license', id: licenseNo } });
    const { email: mail } = await sentFor(issued!);
    expect(mail.subject).toBe(`许可证已签发：${licenseNo}`);
    expect(mail.text).toMatch(/有效期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    // The timeline interleaves the case's events and what it was told.
    const timeline = (await h.http('GET', `/v1/applications/${caseId}`, { token: applicant })).json!.timeline as {
      type: string;
      notification?: { kind: string };
    }[];
    const order = timeline.map((t) => (t.type === 'Notification' ? `notice:${t.notification!.kind}` : t.type));
    expect(order.indexOf('CorrectionNoticeIssued')).toBeLessThan(order.indexOf('notice:correction-notice'));
    expect(order.indexOf('notice:correction-notice')).toBeLessThan(order.indexOf('SupplementSubmitted'));
  });

  it('a licence imported near its expiry: the holder is told of it, and the daily sweep reminds it to renew 90 days before, once', async () => {
    const admin = await h.token({ role: 'admin' });
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);
    const row = {
      formerNo: `3-FJ-N${run}-2021`,
      holderName: `福建通知测试电力有限公司${hanTag(run)}`,
      uscc,
      regionCode: '350100',
      agencyId: 'nea-fujian',
      licenseClass: 'facility-repair',
      level: 3,
      validFrom: '2021-03-01',
      validUntil: plus(60),
    };
    const imp = await h.http('POST', '/v1/operations/license-imports', {
      token: admin,
      body: { source: `n-${run}.json`, format: 'json', content: JSON.stringify([row]) },
    });
    expect(imp.status).toBe(202);
    await h.settle();
    const report = (await h.http('GET', `/v1/operations/license-imports/${imp.json!.importId as string}`, { token: admin })).json!;
    const imported = (report.report as { imported: { licenseNo: string }[] }).imported[0]!.licenseNo;
    const notices = async () => ((await h.http('GET', `/v1/licenses/${imported}`, { token: applicant })).json!.notifications as NotificationView[]) ?? [];
    const [migrated] = await notices();
    expect((await sentFor(migrated!)).email.text).toContain(`原许可证 ${row.formerNo.toUpperCase()} 已迁入本平台，新编号 ${imported}`);
    // The next daily sweep (00:10 Shanghai) reminds the holder; the one after does not again.
    await h.setClock(`${plus(1)}T00:20:00+08:00`);
    await h.setClock(`${plus(2)}T00:20:00+08:00`);
    const reminders = (await notices()).filter((n) => n.kind === 'renewal-reminder');
    expect(reminders).toHaveLength(1);
    const { email: mail, sms } = await sentFor(reminders[0]!);
    expect(mail.text).toContain(`将于 ${row.validUntil} 届满`);
    expect(mail.text).toContain(`请于 ${plus(30)} 前（届满前三十日）提出延续申请`);
    expect(sms.text).toContain(`请于${plus(30)}前申请延续`);
  });

  it('a rectification order reaches the contact without the inspectors or the findings; the inbox lists every notice, newest first', async () => {
    const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian', sub: `sup-${run}` });
    for (const id of [`ni-a-${run}`, `ni-b-${run}`]) {
      expect((await h.http('PUT', `/v1/supervision/inspectors/${id}`, { token: supervisor, body: { conflicts: [] } })).status).toBe(200);
    }
    // A commitment-path grant (L7) calls for a post-approval verification: an inspection of the enterprise (S7).
    const form = await h.uploadDocument(uscc, applicant, 'application-form', { text: 'repair' });
    const commitment = { signatory: '陈经理', acceptedText: (await h.http('GET', '/v1/guide/commitment')).json!.text as string };
    const committed = await h.http('POST', '/v1/applications', {
      token: applicant,
      body: { matterId: 'facility-repair-l3.new', documentIds: [form], path: 'commitment', commitment },
    });
    expect(committed.status).toBe(201);
    await h.settle();
    const inspectionId = `V-${committed.json!.id as string}`;
    const opened = await h.http('GET', `/v1/inspections/${inspectionId}`, { token: supervisor });
    expect(opened.status).toBe(200);
    const inspectors = opened.json!.inspectors as string[];
    const inspector = await h.token({ role: 'inspector', agencyId: 'nea-fujian', sub: inspectors[0]! });
    await h.http('POST', `/v1/inspections/${inspectionId}/findings`, {
      token: inspector,
      body: { items: [{ checklistItem: '安全工器具', result: 'fail', note: '电工王某某未持证上岗' }] },
    });
    const deadline = new Date(Date.now() + 8 * 3600e3 + 20 * 86400e3).toISOString().slice(0, 10);
    const outcome = await h.http('POST', `/v1/inspections/${inspectionId}/outcome`, {
      token: inspector,
      body: { outcome: 'rectification', facts: '电工王某某未持证上岗', deadline },
    });
    expect(outcome.json).toMatchObject({ status: 'rectifying' });
    await h.settle();
    const inbox = (await h.http('GET', `/v1/enterprises/${uscc}/notifications`, { token: applicant })).json!.items as NotificationView[];
    const order = inbox[0]!;
    expect(order).toMatchObject({ kind: 'rectification-order', status: 'sent', about: { kind: 'inspection', id: inspectionId } });
    const { email: mail, sms } = await sentFor(order);
    expect(mail.text).toContain(`请于 ${deadline} 前完成整改`);
    expect(mail.text + sms.text).not.toMatch(/王某某|ni-a-|ni-b-/);
    expect(new Set(inbox.map((n) => n.kind))).toEqual(
      new Set(['rectification-order', 'renewal-reminder', 'license-issued', 'decision', 'extension', 'acceptance', 'correction-notice']),
    );
    // Another enterprise sees none of it.
    const other = await h.registerEnterprise(newUscc('350100'));
    expect((await h.http('GET', `/v1/enterprises/${uscc}/notifications`, { token: other })).status).toBe(403);
  });

  it('every kind of notice, its event delivered again by the stream: still one e-mail and one SMS each', async () => {
    const inbox = (await h.http('GET', `/v1/enterprises/${uscc}/notifications?limit=100`, { token: applicant })).json!.items as (NotificationView & {
      eventId: string;
    })[];
    expect(new Set(inbox.map((n) => n.kind)).size).toBe(7);
    const before = (await outbox()).length;
    for (const n of inbox) {
      const at = n.eventId.lastIndexOf('@');
      const key = { pk: n.eventId.slice(0, at), sk: `EV#${n.eventId.slice(at + 1).padStart(10, '0')}` };
      const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }));
      const redelivered = await streamHandler({
        Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(Item!, { removeUndefinedValues: true }) } }],
      } as unknown as DynamoDBStreamEvent);
      expect([n.kind, redelivered.batchItemFailures]).toEqual([n.kind, []]);
    }
    await h.settle();
    expect((await outbox()).length).toBe(before);
    for (const n of inbox) await sentFor(n);
  });

  it('every message sent is Chinese only and links to the portal page it is about, never to an API path', async () => {
    const sent = await outbox();
    // Every kind of notice this file made (its earlier tests): each message read as the enterprise reads it.
    expect(new Set(sent.map((m) => m.subject.split('：')[0]))).toEqual(
      new Set(['补正材料通知', '受理通知', '延长审查期限告知', '准予许可决定', '许可证已签发', '许可证已迁入平台', '许可证延续提醒', '责令整改通知']),
    );
    expect(sent.map((m) => ({ id: m.messageId, leaks: latinLeaks(`${m.subject}\n${m.text}`) })).filter((m) => m.leaks.length)).toEqual([]);
    const emails = sent.filter((m) => m.channel === 'email');
    expect(emails.length).toBeGreaterThan(0);
    for (const m of emails)
      expect([m.messageId, m.text.split('\n').at(-1)]).toEqual([m.messageId, expect.stringMatching(`^(办理进度|许可证|企业服务平台)：${h.p.apiUrl}/portal/`)]);
    expect(sent.filter((m) => m.text.includes('/v1/'))).toEqual([]);
  });

  it('an enterprise without a contact: the notice is recorded as unaddressed in its timeline, and nothing is sent', async () => {
    const bare = newUscc('350100');
    const token = await h.registerEnterprise(bare);
    const docs: Record<string, string> = {};
    for (const m of MATERIALS) docs[m] = await h.uploadDocument(bare, token, m, { validUntil: '2030-12-31' });
    const id = (await h.http('POST', '/v1/applications', { token, body: { matterId: 'facility-install-l3.new', documentIds: [docs['application-form']] } }))
      .json!.id as string;
    await h.settle();
    expect((await act(reviewer, id, 'acceptance', { decision: 'accept' })).status).toBe(200);
    await h.settle();
    const timeline = (await h.http('GET', `/v1/applications/${id}`, { token })).json!.timeline as { type: string; notification?: NotificationView }[];
    const notice = timeline.find((t) => t.type === 'Notification')!.notification!;
    expect(notice).toMatchObject({ kind: 'acceptance', status: 'no-contact', deliveries: [] });
    const all = (await h.http('GET', '/local/outbox')).json!.items as OutboxItem[];
    expect(all.filter((m) => m.messageId.startsWith(`${notice.notificationId}.`))).toEqual([]);
  });
});
