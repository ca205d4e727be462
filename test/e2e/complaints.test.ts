import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { resetClock } from '../../functions/platform/clock';
import { accessLog } from '../../functions/platform/deps';
import { type StoredEvent, verifyChain } from '../../functions/platform/event-store';
import { newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * A 12398 work order from the signed webhook to closure on the local runtime (P1–P5): the intake
 * workflow, staff steps, the credit record, the signed notifications to a stand-in hotline that
 * can be made to fail, the daily sweep on the local clock, and the monthly statistics.
 */
interface HotlineCall {
  status: number;
  webhookId: string;
  payload?: { type: string; data: Record<string, unknown> };
}

describe('12398 complaints to closure', () => {
  let h: Harness;
  let wh: Webhook;
  let hotline: Server;
  /** How the stand-in hotline answers the next calls: a status per call, then 200. */
  let answers: number[] = [];
  const calls: HotlineCall[] = [];
  const run = Date.now().toString(36).toUpperCase();
  const uscc = newUscc('350100');
  let enterpriseName = '';
  let fujian = '';
  let sichuan = '';
  let admin = '';

  // The stand-in hotline listens first: the platform is started with its address as the callback URL.
  beforeAll(async () => {
    hotline = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const status = answers.shift() ?? 200;
        let payload: HotlineCall['payload'];
        try {
          payload = wh.verify(body, headers) as HotlineCall['payload'];
        } catch {
          res.writeHead(401).end();
          calls.push({ status: 401, webhookId: headers['webhook-id'] ?? '' });
          return;
        }
        calls.push({ status, webhookId: headers['webhook-id']!, payload });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hotline.listen(0, '127.0.0.1', resolve));
  });
  useHarness(
    (started) => (h = started),
    () => ({ hotlineCallbackUrl: `http://127.0.0.1:${(hotline.address() as AddressInfo).port}/webhooks/powerpermit` }),
  );
  beforeAll(async () => {
    const { secrets } = JSON.parse(process.env.HOTLINE_WEBHOOK_SECRETS!) as { secrets: string[] };
    wh = new Webhook(secrets[0]!);
    const applicant = await h.registerEnterprise(uscc);
    enterpriseName = ((await h.http('GET', `/v1/enterprises/${uscc}`, { token: applicant })).json as { name: string }).name;
    fujian = await h.token({ role: 'supervisor', agencyId: 'nea-fujian', sub: 'sup-fj-1' });
    sichuan = await h.token({ role: 'supervisor', agencyId: 'nea-sichuan', sub: 'sup-sc-1' });
    admin = await h.token({ role: 'admin', sub: 'ops-1' });
  });
  afterAll(async () => {
    await new Promise((r) => hotline.close(r));
  });

  const order = (no: string, o: Record<string, unknown> = {}) => ({
    orderNo: `HC${run}${no}`,
    receivedAt: new Date().toISOString(),
    channel: 'phone',
    type: 'complaint',
    businessArea: 'connection',
    regionCode: '350102',
    party: { uscc },
    facts: '报装后超过十个工作日未接电',
    request: '尽快接电',
    complainant: { name: '李四', contact: '13912345678' },
    ...o,
  });
  const deliver = async (o: Record<string, unknown>) => {
    const body = JSON.stringify(o);
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    const at = new Date();
    const res = await fetch(`${h.p.apiUrl}/v1/webhooks/hotline-12398`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': wh.sign(id, at, body),
      },
    });
    expect(res.status).toBe(202);
    await h.settle();
    return o.orderNo as string;
  };
  const complaint = async (id: string, token = fujian) =>
    (await h.http('GET', `/v1/complaints/${id}`, { token })).json as Record<string, unknown> & { deadlines: Record<string, unknown>[] };
  const step = async (id: string, path: string, body: unknown, token = fujian) => {
    const r = await h.http('POST', `/v1/complaints/${id}/${path}`, { token, body });
    await h.settle();
    return r;
  };
  const callsFor = (id: string, kind: string) => calls.filter((c) => c.webhookId === `ntf_${id}_${kind}`);

  it('P1, P3: the intake workflow links the licensee by its credit code and acknowledges the hotline, retrying through failures', async () => {
    answers = [503, 502];
    const id = await deliver(order('001'));
    expect(await complaint(id)).toMatchObject({
      status: 'received',
      agencyId: 'nea-fujian',
      link: { matched: true, by: 'uscc', uscc, name: enterpriseName, licenses: [] },
    });
    const acks = callsFor(id, 'acknowledged');
    expect(acks.map((c) => c.status)).toEqual([503, 502, 200]);
    expect(acks[2]!.payload).toMatchObject({
      type: 'work-order.acknowledged',
      data: { orderNo: id, agencyId: 'nea-fujian', deadline: { kind: 'acceptance' } },
    });
  });

  it('P3: a party named without its code is linked by its exact name, full-width forms and spaces aside', async () => {
    const id = await deliver(order('002', { party: { name: ` ${enterpriseName.replace(' ', '　')} ` } }));
    expect((await complaint(id)).link).toMatchObject({ matched: true, by: 'name', uscc });
    const unknown = await deliver(order('003', { party: { name: '不存在的供电公司' } }));
    expect((await complaint(unknown)).link).toEqual({ matched: false });
  });

  it('P4: only staff of the routed agency see the complainant; the enterprise complained about, another agency and the logs never do', async () => {
    const written: string[] = [];
    process.env.LOG_LEVEL = 'debug';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    let id: string;
    try {
      id = await deliver(order('004'));
      expect((await complaint(id)).complainant).toEqual({ anonymous: false, name: '李四', contact: '13912345678' });
      const enterprise = await h.token({ role: 'applicant', enterpriseId: uscc });
      const seen = await h.http('GET', `/v1/complaints/${id}`, { token: enterprise });
      expect(seen.status).toBe(200);
      expect(seen.json).toMatchObject({ complaintId: id, facts: '报装后超过十个工作日未接电', complainant: 'confidential' });
      expect(JSON.stringify(seen.json)).not.toMatch(/李四|13912345678/);
      expect((await h.http('GET', `/v1/complaints/${id}`, { token: admin })).json).toMatchObject({ complainant: 'confidential' });
      expect((await h.http('GET', `/v1/complaints/${id}`, { token: sichuan })).status).toBe(403);
      expect((await h.http('POST', `/v1/complaints/${id}/acceptance`, { token: sichuan, body: { decision: 'accept' } })).status).toBe(403);
      const other = await h.token({ role: 'applicant', enterpriseId: newUscc('350100') });
      expect((await h.http('GET', `/v1/complaints/${id}`, { token: other })).status).toBe(403);
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = 'silent';
    }
    expect(written.join('')).toContain(id);
    expect(written.join('')).not.toMatch(/李四|13912345678/);
  });

  it('P2, P3: accepted, assigned, found substantiated — a credit record follows — replied, called back, closed, and the hotline told', async () => {
    const id = await deliver(order('005'));
    expect((await step(id, 'acceptance', { decision: 'accept' })).json).toMatchObject({ status: 'accepted' });
    expect((await step(id, 'assignment', { staffId: 'insp-fj-7' })).json).toMatchObject({ status: 'assigned', assignee: { staffId: 'insp-fj-7' } });
    const missingSeverity = await step(id, 'findings', { substantiated: true, facts: '超时限接电属实' });
    expect(missingSeverity.json).toMatchObject({ status: 422, code: 'COMPLAINT.SEVERITY_REQUIRED' });
    expect((await step(id, 'findings', { substantiated: true, facts: '供电公司超时限接电属实', severity: 'serious' })).json).toMatchObject({
      status: 'handled',
    });
    const credit = (await h.http('GET', `/v1/enterprises/${uscc}/credit`, { token: fujian })).json as {
      records: { source: string; sourceRef: string; severity: string }[];
      creditClass: string;
    };
    expect(credit.records).toContainEqual(expect.objectContaining({ source: 'complaint', sourceRef: `complaint:${id}`, severity: 'serious' }));
    expect(credit.creditClass).toBe('dishonest');
    await step(id, 'reply', { text: '经核查，投诉属实，已责令供电公司限期整改。' });
    const closed = await step(id, 'callback', { reached: true, satisfaction: 'satisfied' });
    expect(closed.json).toMatchObject({ status: 'closed', outcome: 'substantiated' });
    expect(callsFor(id, 'closed').map((c) => c.payload)).toEqual([
      expect.objectContaining({
        type: 'work-order.closed',
        data: expect.objectContaining({
          orderNo: id,
          outcome: 'substantiated',
          reply: '经核查，投诉属实，已责令供电公司限期整改。',
          callback: { reached: true, satisfaction: 'satisfied' },
        }),
      }),
    ]);
  });

  it("X1 P4: a work order's events verify through its audit route, never carrying the complainant; another agency cannot read them", async () => {
    const id = await deliver(order('015'));
    await step(id, 'acceptance', { decision: 'accept' });
    await step(id, 'assignment', { staffId: 'insp-fj-7' });
    const audit = await h.http('GET', `/v1/complaints/${id}/audit`, { token: fujian });
    const body = audit.json as { verification: { ok: boolean; length: number }; events: { type: string }[] };
    expect(body.verification).toMatchObject({ ok: true });
    expect(body.events.map((e) => e.type)).toEqual(expect.arrayContaining(['WorkOrderReceived', 'ComplaintAccepted', 'ComplaintAssigned']));
    expect(JSON.stringify(body.events)).not.toMatch(/李四|13912345678/);
    const south = await h.token({ role: 'supervisor', agencyId: 'nea-south' });
    expect((await h.http('GET', `/v1/complaints/${id}/audit`, { token: south })).status).toBe(403);
  });

  it('P4: the complainant and the attachments appear exactly where need to know allows — every route that returns the work order, for every principal', async () => {
    const secret = { name: '王二麻', contact: '13700001111', file: `身份证照片-${run}.jpg` };
    const id = await deliver(
      order('040', {
        complainant: { name: secret.name, contact: secret.contact },
        attachments: [{ fileName: secret.file, url: `https://hotline.example.cn/attachments/${run}` }],
      }),
    );
    await step(id, 'acceptance', { decision: 'accept' });
    await step(id, 'assignment', { staffId: `insp-fj-40-${run}` });
    const staff = (role: string, sub: string, agencyId = 'nea-fujian') => h.token({ role, agencyId, sub });
    const who: Record<string, string | undefined> = {
      supervisor: fujian,
      assignedInspector: await staff('inspector', `insp-fj-40-${run}`),
      otherInspector: await staff('inspector', `insp-fj-41-${run}`),
      reviewer: await staff('reviewer', `rev-fj-${run}`),
      decisionMaker: await staff('decision-maker', `dm-fj-${run}`),
      otherAgencySupervisor: sichuan,
      otherAgencyInspector: await staff('inspector', `insp-sc-${run}`, 'nea-sichuan'),
      enterpriseComplainedAbout: await h.token({ role: 'applicant', enterpriseId: uscc }),
      otherEnterprise: await h.token({ role: 'applicant', enterpriseId: newUscc('350100') }),
      gridCompany: await h.token({ role: 'grid', companyId: 'sgcc-fujian' }),
      admin,
      public: undefined,
    };
    const handlers = ['supervisor', 'assignedInspector'];
    const readers = ['supervisor', 'assignedInspector', 'otherInspector', 'reviewer', 'decisionMaker', 'enterpriseComplainedAbout', 'admin'];
    const routes = {
      complaint: `/v1/complaints/${id}`,
      audit: `/v1/complaints/${id}/audit`,
      list: '/v1/complaints',
      anyStream: `/v1/operations/audit?stream=${encodeURIComponent(`COMPLAINT#${id}`)}`,
      deadLetters: '/v1/hotline-notifications/dead-letters',
    };
    const seen: Record<string, Record<string, string[]>> = {};
    const statuses: Record<string, number[]> = {};
    const trails: Record<string, { chainOk: boolean; committed: string[]; disclosed: boolean }> = {};
    for (const [principal, token] of Object.entries(who)) {
      for (const [route, path] of Object.entries(routes)) {
        const r = await h.http('GET', path, token ? { token } : {});
        const text = JSON.stringify(r.json);
        (seen[principal] ??= {})[route] = Object.entries(secret)
          .filter(([, v]) => text.includes(v))
          .map(([k]) => k);
        if (route === 'complaint' || route === 'audit') (statuses[principal] ??= []).push(r.status);
        if (route === 'audit' && r.status === 200) {
          const events = (r.json as { events: StoredEvent[] }).events;
          const received = events.find((e) => e.type === 'WorkOrderReceived');
          trails[principal] = {
            chainOk: events.length >= 3 && verifyChain(events).ok,
            committed: Object.keys(received?.commitments ?? {}).sort(),
            disclosed: received?.disclosed !== undefined,
          };
        }
      }
    }
    const status = (p: string) => (readers.includes(p) ? 200 : who[p] ? 403 : 401);
    expect(statuses).toEqual(Object.fromEntries(Object.keys(who).map((p) => [p, [status(p), status(p)]])));
    // Every reader can check the chain themselves, the masked ones against the commitments alone.
    expect(trails).toEqual(
      Object.fromEntries(readers.map((p) => [p, { chainOk: true, committed: ['attachments', 'complainant', 'webhookId'], disclosed: handlers.includes(p) }])),
    );
    // The name and contact in the complaint for its handlers only; the attachments in the complaint and its trail for them
    // only; the identity in no trail, list or operator's view for anyone.
    const expected = Object.fromEntries(
      Object.keys(who).map((p) => [
        p,
        {
          complaint: handlers.includes(p) ? ['name', 'contact', 'file'] : [],
          audit: handlers.includes(p) ? ['file'] : [],
          list: [],
          anyStream: [],
          deadLetters: [],
        },
      ]),
    );
    expect(seen).toEqual(expected);
    // 顶岗补位: the colleague covering for the absent handler handles the order, so sees what the handler sees.
    expect(
      (await h.http('PUT', `/v1/supervision/absences/insp-fj-40-${run}`, { token: fujian, body: { coveredBy: `insp-fj-41-${run}`, reason: '外出培训' } }))
        .status,
    ).toBe(200);
    expect((await complaint(id, who.otherInspector)).complainant).toEqual({ anonymous: false, name: secret.name, contact: secret.contact });
    // Each opening of the identity and of the confidential trail is on the access log, by whom: the handlers' only.
    const log = await accessLog().list(`COMPLAINT#${id}`);
    expect(new Set(log.filter((l) => l.action === 'complainant-opened').map((l) => l.actor))).toEqual(
      new Set(['sup-fj-1', `insp-fj-40-${run}`, `insp-fj-41-${run}`]),
    );
    expect(new Set(log.filter((l) => l.action === 'complaint-trail-opened').map((l) => l.actor))).toEqual(new Set(['sup-fj-1', `insp-fj-40-${run}`]));
  });

  it('P2: a refusal without a legal ground is refused; the handling period is extended once only', async () => {
    const id = await deliver(order('006'));
    const noGround = await step(id, 'acceptance', { decision: 'refuse', reasons: '不予受理' });
    expect(noGround.status).toBe(400);
    expect(noGround.json).toMatchObject({ errors: [expect.objectContaining({ path: '$.body.ground' })] });
    await step(id, 'acceptance', { decision: 'accept' });
    expect((await step(id, 'extension', { days: 31, reason: '需现场核查' })).status).toBe(422);
    expect((await step(id, 'extension', { days: 30, reason: '需现场核查' })).status).toBe(200);
    expect((await step(id, 'extension', { days: 10, reason: '再次延期' })).json).toMatchObject({ status: 409, code: 'COMPLAINT.ALREADY_EXTENDED' });
    const refused = await deliver(order('007', { type: 'report' }));
    expect((await step(refused, 'acceptance', { decision: 'refuse', ground: 'outside-remit', reasons: '属于价格主管部门职责' })).json).toMatchObject({
      status: 'closed',
      outcome: 'refused',
    });
  });

  it('P2, X2: the acceptance period runs across the National Day holiday on the local clock, and the daily sweep flags it the day after', async () => {
    await h.setClock('2026-09-29T10:00:00+08:00');
    const id = await deliver(order('008'));
    expect((await complaint(id)).deadlines).toEqual([expect.objectContaining({ kind: 'acceptance', from: '2026-09-29', dueDate: '2026-10-12' })]);
    await h.setClock('2026-10-12T23:00:00+08:00');
    expect((await complaint(id)).deadlines[0]!.breachedOn).toBeUndefined();
    await h.setClock('2026-10-13T00:20:00+08:00');
    expect((await complaint(id)).deadlines[0]).toMatchObject({ breachedOn: '2026-10-13' });
    resetClock();
  });

  it('P2: a notification the hotline keeps failing is dead-lettered, listed for operators, and redriven', async () => {
    answers = Array.from({ length: 9 }, () => 500);
    const id = await deliver(order('009', { type: 'consultation', businessArea: 'fees-and-prices', party: undefined }));
    expect(callsFor(id, 'acknowledged').map((c) => c.status)).toEqual(Array.from({ length: 9 }, () => 500));
    const dead = (await h.http('GET', '/v1/hotline-notifications/dead-letters', { token: admin })).json as {
      items: { notificationId: string; attempts: unknown[] }[];
    };
    expect(dead.items).toContainEqual(expect.objectContaining({ notificationId: `ntf_${id}_acknowledged`, status: 'dead-lettered' }));
    expect(dead.items.find((n) => n.notificationId === `ntf_${id}_acknowledged`)!.attempts).toHaveLength(9);
    expect((await h.http('POST', `/v1/hotline-notifications/${id}/acknowledged/redrive`, { token: admin })).status).toBe(202);
    await h.settle();
    expect(callsFor(id, 'acknowledged').at(-1)!.status).toBe(200);
    const after = (await h.http('GET', '/v1/hotline-notifications/dead-letters', { token: admin })).json as { items: { notificationId: string }[] };
    expect(after.items.map((n) => n.notificationId)).not.toContain(`ntf_${id}_acknowledged`);
    expect((await h.http('POST', `/v1/hotline-notifications/${id}/acknowledged/redrive`, { token: admin })).status).toBe(409);
  });

  it('P5: the monthly statistics count a seeded month', async () => {
    const month = '2025-07';
    const stats = async () =>
      (await h.http('GET', `/v1/public/hotline-statistics?month=${month}`)).json as {
        total: number;
        byType: Record<string, number>;
        byChannel: Record<string, number>;
        byOutcome: Record<string, number>;
        final: boolean;
      };
    const before = await stats();
    const receivedAt = '2025-07-15T09:00:00+08:00';
    const a = await deliver(order('101', { receivedAt }));
    const b = await deliver(order('102', { receivedAt, type: 'consultation', channel: 'wechat', regionCode: '510104', party: undefined }));
    await deliver(order('103', { receivedAt, type: 'report', channel: 'app' }));
    await step(a, 'acceptance', { decision: 'refuse', ground: 'no-specific-facts', reasons: '未提供具体事实' });
    await step(b, 'reply', { text: '已电话答复' }, sichuan);
    const after = await stats();
    expect(after.final).toBe(true);
    expect(after.total - before.total).toBe(3);
    expect({
      complaint: (after.byType.complaint ?? 0) - (before.byType.complaint ?? 0),
      consultation: (after.byType.consultation ?? 0) - (before.byType.consultation ?? 0),
      report: (after.byType.report ?? 0) - (before.byType.report ?? 0),
    }).toEqual({ complaint: 1, consultation: 1, report: 1 });
    expect((after.byChannel.wechat ?? 0) - (before.byChannel.wechat ?? 0)).toBe(1);
    expect({
      refused: after.byOutcome.refused! - before.byOutcome.refused!,
      answered: after.byOutcome.answered! - before.byOutcome.answered!,
      open: after.byOutcome.open! - before.byOutcome.open!,
    }).toEqual({ refused: 1, answered: 1, open: 1 });
    expect((await h.http('GET', '/v1/public/hotline-statistics?month=2099-01')).status).toBe(422);
    // The counters the writes kept are what a rebuild from the work orders computes (rebuild == incremental).
    const admin = await h.token({ role: 'admin' });
    const rebuilt = await h.http('POST', '/v1/operations/tallies/rebuild', { token: admin, body: { key: `HOTLINE#${month}` } });
    expect(rebuilt.json).toMatchObject({ key: `HOTLINE#${month}`, projections: after.total, differed: false });
    expect(await stats()).toEqual({ ...after, asOf: expect.any(String) });
  });
});
