import { GENESIS_HASH } from '../../functions/platform/event-store';
import { eventStore } from '../../functions/platform/deps';
import { licensingConfig } from '../../functions/licensing/domain/application';
import { FACILITY_INSTALL_L3_MATERIALS, inspectionState, newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/** Enterprise credit through the local runtime: records, classes, measures, repair, objection, the public list, and licensing reading it. */
const REQUIRED = FACILITY_INSTALL_L3_MATERIALS;
type Json = Record<string, unknown>;

describe('enterprise credit end to end', () => {
  let h: Harness;
  let supervisor: string;
  useHarness((started) => (h = started));
  beforeAll(async () => {
    supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian' });
  });
  const credit = (uscc: string, token: string) => h.http('GET', `/v1/enterprises/${uscc}/credit`, { token });
  const post = (token: string, path: string, body: Json) => h.http('POST', path, { token, body });
  const addRecord = (uscc: string, body: Json) =>
    post(supervisor, `/v1/enterprises/${uscc}/credit-records`, {
      source: 'penalty',
      sourceRef: `闽监罚〔2026〕${Math.floor(Math.random() * 1e6)}号`,
      facts: '超越许可范围承揽工程',
      decidedAt: '2026-09-01',
      ...body,
    });

  it("C4 L7: a repaired enterprise regains the commitment path in the licensing flow; the request is in the agency's queue until decided", async () => {
    await h.setClock('2026-10-12T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    const docs: Record<string, string> = {};
    for (const m of REQUIRED) docs[m] = await h.uploadDocument(uscc, token, m, { validUntil: '2030-12-31' });
    const added = await addRecord(uscc, { severity: 'serious' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      creditClass: 'dishonest',
      measures: [
        { kind: 'warning', status: 'open' },
        { kind: 'interview', status: 'open' },
      ],
    });
    const commitment = { signatory: '王经理', acceptedText: licensingConfig.commitmentText };
    const apply = () =>
      post(token, '/v1/applications', { matterId: 'facility-install-l3.new', documentIds: [docs['application-form']!], path: 'commitment', commitment });
    expect((await apply()).json).toMatchObject({ status: 422, code: 'APPLICATION.COMMITMENT_NOT_ALLOWED' });

    const evidence = await h.uploadDocument(uscc, token, 'business-license', { text: '整改报告' });
    const requested = await post(token, `/v1/enterprises/${uscc}/credit-repairs`, {
      recordId: 'CR0001',
      commitment: '已完成整改，承诺依法经营',
      evidenceDocumentIds: [evidence],
    });
    expect(requested.status).toBe(201);
    expect(requested.json).toMatchObject({ openRequests: [{ requestId: 'RP001', kind: 'repair', status: 'submitted' }] });
    // The supervisors' queue of open requests (the workbench's) holds it, with its deadline once accepted, until it is decided.
    const queued = async () =>
      ((await h.http('GET', '/v1/credit/requests?limit=100', { token: supervisor })).json!.items as Json[]).filter((r) => r.uscc === uscc);
    expect(await queued()).toEqual([expect.objectContaining({ requestId: 'RP001', kind: 'repair', status: 'submitted', recordId: 'CR0001' })]);
    const accepted = await post(supervisor, `/v1/enterprises/${uscc}/credit-repairs/RP001/acceptance`, { decision: 'accept' });
    expect(accepted.json).toMatchObject({ openRequests: [{ status: 'accepted', deadline: { rule: 'C4', dueDate: '2026-11-02' } }] });
    expect(await queued()).toEqual([expect.objectContaining({ requestId: 'RP001', status: 'accepted', dueDate: '2026-11-02' })]);
    const elsewhere = await h.token({ role: 'supervisor', agencyId: 'nea-south' });
    expect(((await h.http('GET', '/v1/credit/requests?limit=100', { token: elsewhere })).json!.items as Json[]).filter((r) => r.uscc === uscc)).toEqual([]);
    const repaired = await post(supervisor, `/v1/enterprises/${uscc}/credit-repairs/RP001/decision`, { outcome: 'granted', reasons: '整改到位，准予修复' });
    expect(await queued()).toEqual([]);
    expect(repaired.json).toMatchObject({
      creditClass: 'good',
      records: [{ recordId: 'CR0001', status: 'repaired' }],
      measures: [{ status: 'lifted' }, { status: 'lifted' }],
    });

    const submitted = await apply();
    expect(submitted.status).toBe(201);
    await h.settle();
    expect((await h.http('GET', `/v1/applications/${submitted.json!.id as string}`, { token })).json).toMatchObject({
      status: 'granted',
      path: 'commitment',
      creditClass: 'good',
    });
  });

  it('C3 C4: a severe record puts the enterprise on the public list; repaired, it leaves it', async () => {
    await h.setClock('2026-10-13T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    await addRecord(uscc, { severity: 'severe', source: 'false-commitment', sourceRef: `FC-${uscc}` });
    const listed = async () =>
      ((await h.http('GET', '/v1/public/dishonest-enterprises?limit=100')).json!.items as { uscc: string }[]).some((e) => e.uscc === uscc);
    expect(await listed()).toBe(true);
    const entry = ((await h.http('GET', '/v1/public/dishonest-enterprises?limit=100')).json!.items as Json[]).find((e) => e.uscc === uscc)!;
    expect(Object.keys(entry).sort()).toEqual(['agencyId', 'listedSince', 'name', 'records', 'regionCode', 'uscc']);
    await post(token, `/v1/enterprises/${uscc}/credit-repairs`, { recordId: 'CR0001', commitment: '承诺如实申报' });
    await post(supervisor, `/v1/enterprises/${uscc}/credit-repairs/RP001/acceptance`, { decision: 'accept' });
    await post(supervisor, `/v1/enterprises/${uscc}/credit-repairs/RP001/decision`, { outcome: 'granted', reasons: '准予修复' });
    expect(await listed()).toBe(false);
  });

  it('C3: a serious record calls for an interview (约谈): a supervisor of the agency schedules it, moves it, records it once held with who attended and what was agreed; it is on the credit trail', async () => {
    await h.setClock('2026-11-02T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    expect((await addRecord(uscc, { severity: 'serious' })).status).toBe(201);
    const interview = ((await credit(uscc, supervisor)).json!.measures as Json[]).find((m) => m.kind === 'interview')!;
    expect(interview).toMatchObject({ measureId: 'CR0001-M2', status: 'open' });
    const base = `/v1/enterprises/${uscc}/credit/measures/CR0001-M2/interview`;
    const place = '福建能源监管办 3 楼会议室';
    // Only a time still to come; only a supervisor of the agency; only an interview measure; never recorded before it is scheduled.
    expect((await post(supervisor, base, { at: '2026-11-01T09:30:00+08:00', place })).json).toMatchObject({ status: 400, code: 'CREDIT.INTERVIEW_IN_PAST' });
    expect((await post(supervisor, `${base}/record`, { attendees: ['林测试（法定代表人）'], agreed: '按期整改' })).json).toMatchObject({
      status: 409,
      code: 'CREDIT.INTERVIEW_NOT_SCHEDULED',
    });
    expect(
      (await post(supervisor, `/v1/enterprises/${uscc}/credit/measures/CR0001-M1/interview`, { at: '2026-11-05T09:30:00+08:00', place })).json,
    ).toMatchObject({
      status: 409,
      code: 'CREDIT.NOT_AN_INTERVIEW',
    });
    const sichuan = await h.token({ role: 'supervisor', agencyId: 'nea-sichuan' });
    expect((await post(sichuan, base, { at: '2026-11-05T09:30:00+08:00', place })).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    expect((await post(token, base, { at: '2026-11-05T09:30:00+08:00', place })).json).toMatchObject({ status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    // Scheduled, then moved before it is held; it cannot be recorded before its time.
    expect((await post(supervisor, base, { at: '2026-11-05T09:30:00+08:00', place })).status).toBe(200);
    const moved = await post(supervisor, base, { at: '2026-11-06T14:00:00+08:00', place });
    expect(moved.json).toMatchObject({
      measures: [{ kind: 'warning' }, { measureId: 'CR0001-M2', status: 'open', interview: { scheduledFor: '2026-11-06T06:00:00.000Z', place } }],
    });
    const record = { attendees: ['林测试（法定代表人）', '张监管（福建能源监管办）'], agreed: '企业承诺 30 日内完成整改并报送整改报告' };
    expect((await post(supervisor, `${base}/record`, record)).json).toMatchObject({ status: 409, code: 'CREDIT.INTERVIEW_NOT_YET' });
    await h.setClock('2026-11-06T16:00:00+08:00');
    const held = await post(supervisor, `${base}/record`, record);
    expect(held.status).toBe(200);
    expect((held.json!.measures as Json[])[1]).toMatchObject({ status: 'held', interview: { held: { attendees: record.attendees, agreed: record.agreed } } });
    // Held is done: it is neither moved nor recorded again.
    expect((await post(supervisor, base, { at: '2026-11-20T09:30:00+08:00', place })).json).toMatchObject({ status: 409, code: 'CREDIT.INTERVIEW_CLOSED' });
    // The enterprise's credit trail holds each step, in order, its chain intact.
    const trail = (await h.http('GET', `/v1/enterprises/${uscc}/credit/audit`, { token })).json!;
    const steps = (trail.events as Json[]).filter((e) => String(e.type).startsWith('CreditInterview'));
    expect(steps.map((e) => [e.type, (e.data as Json).at])).toEqual([
      ['CreditInterviewScheduled', '2026-11-05T01:30:00.000Z'],
      ['CreditInterviewScheduled', '2026-11-06T06:00:00.000Z'],
      ['CreditInterviewHeld', '2026-11-06T06:00:00.000Z'],
    ]);
    expect((steps[2]!.data as Json).agreed).toBe(record.agreed);
    expect(trail).toMatchObject({ verification: { ok: true } });
  });

  it('C5 X3: an upheld objection withdraws the record by a new event; the record stays visible as withdrawn', async () => {
    await h.setClock('2026-10-14T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    await addRecord(uscc, { severity: 'serious' });
    await post(token, `/v1/enterprises/${uscc}/credit-objections`, { recordId: 'CR0001', grounds: '该处罚已被行政复议撤销' });
    expect((await post(supervisor, `/v1/enterprises/${uscc}/credit-objections/OB001/acceptance`, { decision: 'accept' })).json).toMatchObject({
      openRequests: [{ deadline: { rule: 'C5' } }],
    });
    const upheld = await post(supervisor, `/v1/enterprises/${uscc}/credit-objections/OB001/decision`, {
      outcome: 'granted',
      reasons: '异议成立',
      correction: 'withdraw',
    });
    expect(upheld.json).toMatchObject({ creditClass: 'good', records: [{ recordId: 'CR0001', status: 'withdrawn' }] });
    const events = await eventStore().readStream(`CREDIT#${uscc}`);
    expect(events.map((e) => e.type)).toContain('CreditRecordCorrected');
    expect(events[0]!.type).toBe('CreditRecordAdded');
  });

  it("C4 C5: the open requests' list kept by the writes is what a rebuild from the agency's credit computes (Shanxi: no other test writes credit there)", async () => {
    await h.setClock('2026-10-15T10:00:00+08:00');
    const shanxi = await h.token({ role: 'supervisor', agencyId: 'nea-shanxi' });
    const open: string[] = [];
    for (const kind of ['credit-repairs', 'credit-objections', 'credit-repairs'] as const) {
      const uscc = newUscc('140100');
      const token = await h.registerEnterprise(uscc, '140100');
      const added = await post(shanxi, `/v1/enterprises/${uscc}/credit-records`, {
        source: 'penalty',
        sourceRef: `晋监罚〔2026〕${uscc.slice(-6)}号`,
        facts: '未按规定报送信息',
        decidedAt: '2026-09-01',
        severity: 'minor',
      });
      expect(added.status).toBe(201);
      const body = kind === 'credit-repairs' ? { recordId: 'CR0001', commitment: '承诺按时报送' } : { recordId: 'CR0001', grounds: '已按时报送，有回执' };
      expect((await post(token, `/v1/enterprises/${uscc}/${kind}`, body)).status).toBe(201);
      open.push(uscc);
    }
    // One of them accepted, one decided (off the list): the list holds two, the accepted one with its due date.
    await post(shanxi, `/v1/enterprises/${open[1]}/credit-objections/OB001/acceptance`, { decision: 'accept' });
    await post(shanxi, `/v1/enterprises/${open[2]}/credit-repairs/RP001/acceptance`, { decision: 'reject', reasons: '证明材料不足' });
    const listed = ((await h.http('GET', '/v1/credit/requests', { token: shanxi })).json!.items as Json[]).map((r) => [r.uscc, r.status, r.dueDate ?? null]);
    expect(listed).toEqual([
      [open[0], 'submitted', null],
      [open[1], 'accepted', expect.stringMatching(/^2026-11-\d\d$/)],
    ]);
    await h.settle();
    const admin = await h.token({ role: 'admin' });
    const rebuilt = await h.http('POST', '/v1/operations/tallies/rebuild', { token: admin, body: { key: 'CREDIT-REQUESTS#nea-shanxi' } });
    expect(rebuilt.json).toMatchObject({ key: 'CREDIT-REQUESTS#nea-shanxi', projections: 3, differed: false, counts: { 'count:openRequest': 2 } });
    expect(((await h.http('GET', '/v1/credit/requests', { token: shanxi })).json!.items as Json[]).map((r) => [r.uscc, r.status, r.dueDate ?? null])).toEqual(
      listed,
    );
  });

  it('C4 X2: a repair not decided by its 15th WD is flagged by the daily sweep on the 16th', async () => {
    await h.setClock('2026-09-25T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    await addRecord(uscc, { severity: 'minor', decidedAt: '2026-09-20' });
    await post(token, `/v1/enterprises/${uscc}/credit-repairs`, { recordId: 'CR0001', commitment: '整改完成' });
    const accepted = await post(supervisor, `/v1/enterprises/${uscc}/credit-repairs/RP001/acceptance`, { decision: 'accept' });
    expect(accepted.json).toMatchObject({ openRequests: [{ deadline: { dueDate: '2026-10-22' } }] });
    await h.setClock('2026-10-22T20:00:00+08:00');
    expect((await credit(uscc, token)).json).toMatchObject({ openRequests: [{ deadline: { dueDate: '2026-10-22' } }] });
    expect(((await credit(uscc, token)).json!.openRequests as { deadline: Json }[])[0]!.deadline.breachedOn).toBeUndefined();
    await h.setClock('2026-10-23T09:00:00+08:00');
    expect((await credit(uscc, token)).json).toMatchObject({ openRequests: [{ deadline: { breachedOn: '2026-10-23' } }] });
  });

  it('C1: a finding event of another context becomes one credit record, however often it is delivered', async () => {
    await h.setClock('2026-10-15T10:00:00+08:00');
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    const finding = { uscc, severity: 'serious', facts: '现场检查发现特种作业人员无证上岗', decidedAt: '2026-10-15' };
    await eventStore().append({
      stream: `INSPECTION#IT-${uscc}`,
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'InspectionFindingRecorded', data: finding }],
      state: inspectionState(`IT-${uscc}`, uscc),
      actor: 'inspector',
      at: new Date('2026-10-15T02:00:00Z'),
    });
    await h.settle();
    const c = (await credit(uscc, token)).json!;
    expect(c).toMatchObject({
      creditClass: 'dishonest',
      records: [{ recordId: 'CR0001', source: 'inspection', sourceRef: `INSPECTION#IT-${uscc}@1`, severity: 'serious' }],
    });
    // A redelivery (a new execution of the same finding) changes nothing.
    const again = h.p.stepFunctions.start(
      'arn:aws:states:local:000000000000:stateMachine:credit-intake',
      `redelivery-${uscc}`,
      JSON.stringify({ eventId: `INSPECTION#IT-${uscc}@1`, type: 'InspectionFindingRecorded', data: finding }),
    );
    await again.done;
    expect(again.status).toBe('SUCCEEDED');
    expect(((await credit(uscc, token)).json!.records as unknown[]).length).toBe(1);
  });

  it("BOLA: one enterprise cannot read another's credit; staff only their agency's; only supervisors record", async () => {
    const a = newUscc();
    const b = newUscc();
    const ta = await h.registerEnterprise(a);
    await h.registerEnterprise(b);
    expect((await credit(b, ta)).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    expect((await credit(a, ta)).status).toBe(200);
    const south = await h.token({ role: 'supervisor', agencyId: 'nea-south' });
    expect((await credit(a, south)).status).toBe(403);
    expect(
      (
        await post(south, `/v1/enterprises/${a}/credit-records`, {
          source: 'penalty',
          sourceRef: 'x',
          severity: 'minor',
          facts: '事实',
          decidedAt: '2026-10-01',
        })
      ).status,
    ).toBe(403);
    expect(
      (await post(ta, `/v1/enterprises/${a}/credit-records`, { source: 'penalty', sourceRef: 'x', severity: 'minor', facts: '事实', decidedAt: '2026-10-01' }))
        .json,
    ).toMatchObject({ status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect(
      (await post(ta, `/v1/enterprises/${a}/credit-repairs`, { recordId: 'CR0001', commitment: '整改完成', evidenceDocumentIds: ['a'.repeat(64)] })).json,
    ).toMatchObject({ status: 422, code: 'CREDIT.UNKNOWN_DOCUMENT' });
  });
});
