import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { documentClient, tableName } from '../../functions/platform/aws';
import { resetClock } from '../../functions/platform/clock';
import { eventStore } from '../../functions/platform/deps';
import { creditStream } from '../../functions/credit/domain/credit-class';
import { licensingConfig } from '../../functions/licensing/domain/application';
import { FACILITY_INSTALL_L3_MATERIALS, newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Whole licensing cases through the local runtime: HTTP API, the real ASL files run by the local
 * Step Functions, the stream reactions and the daily sweep on the local platform clock.
 */
const MATTER = 'facility-install-l3.new';
const REQUIRED = FACILITY_INSTALL_L3_MATERIALS;
type Json = Record<string, unknown>;
type Deadline = {
  kind: string;
  dueDate: string;
  state: string;
  pausedWorkingDays?: number;
  extendedBy?: number;
  breachedOn?: string;
  calendarProvisional: boolean;
  rule: string;
};
const deadline = (view: Json | undefined, kind: string) => (view!.deadlines as Deadline[]).find((d) => d.kind === kind)!;

describe('licensing cases end to end', () => {
  let h: Harness;
  let reviewer: string;
  let decisionMaker: string;
  useHarness((started) => (h = started));
  beforeAll(async () => {
    reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-fujian' });
    decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-fujian' });
  });

  /** A registered Fujian enterprise; `upload` lists the material types to put in its vault. */
  async function applicant(upload: string[] = REQUIRED, uscc = newUscc()) {
    const token = await h.registerEnterprise(uscc);
    const docs: Record<string, string> = {};
    for (const m of upload) docs[m] = await h.uploadDocument(uscc, token, m, { validUntil: '2030-12-31' });
    return { uscc, token, docs };
  }
  const submit = (token: string, body: Json, key?: string) =>
    h.http('POST', '/v1/applications', { token, body, headers: key ? { 'idempotency-key': key } : {} });
  const act = (token: string, id: string, step: string, body: Json = {}) => h.http('POST', `/v1/applications/${id}/${step}`, { token, body });
  const view = async (token: string, id: string) => (await h.http('GET', `/v1/applications/${id}`, { token })).json!;
  /** A standard case of the matter, submitted with the vault's materials, through intake and accepted. */
  const acceptedCase = async (a: { token: string; docs: Record<string, string> }) => {
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] })).json!.id as string;
    await h.settle();
    await act(reviewer, id, 'acceptance', { decision: 'accept' });
    return id;
  };

  it('L1 L2 L5 L6 L9: a standard case from submission to a published grant, the vault attached, zero visits', async () => {
    await h.setClock('2026-11-23T10:00:00+08:00');
    const a = await applicant();
    // Only the form is named: every reusable material comes from the vault (L2).
    const submitted = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] });
    expect(submitted.status).toBe(201);
    const id = submitted.json!.id as string;
    expect(submitted.json!.missing).toEqual([]);
    expect((submitted.json!.materials as { materialType: string; source: string }[]).map((m) => `${m.materialType}:${m.source}`)).toEqual([
      'application-form:submitted',
      'business-license:vault',
      'financial-report:vault',
      'safety-management-system:vault',
      'personnel-roster:vault',
      'personnel-qualifications:vault',
      'equipment-list:vault',
    ]);
    expect(deadline(submitted.json, 'acceptance')).toMatchObject({ rule: 'L4', dueDate: '2026-11-30', state: 'open', calendarProvisional: false });
    await h.settle();
    expect((await view(a.token, id)).awaiting).toMatchObject({ from: 'agency', dueDate: '2026-11-30' });

    const accepted = await act(reviewer, id, 'acceptance', { decision: 'accept' });
    expect(accepted.json).toMatchObject({ status: 'under-review', awaiting: { from: 'agency', what: 'the decision', dueDate: '2026-12-21' } });
    // The one careless click, over the API: blank reasons, a scope of one's own or a code as the scope are refused; nothing is decided.
    expect((await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '' })).json).toMatchObject({
      status: 400,
      errors: [{ path: '$.body.reasons' }],
    });
    for (const scope of ['承装三级', 'facility-install level 3'])
      expect((await act(decisionMaker, id, 'decision', { outcome: 'grant', scope })).json).toMatchObject({
        status: 422,
        code: 'APPLICATION.SCOPE_NOT_OFFICIAL',
        detail: expect.stringMatching(/办事指南/),
      });
    expect((await act(decisionMaker, id, 'decision', { outcome: 'deny' })).json).toMatchObject({ status: 400, errors: [{ path: '$.body.reasons' }] });
    expect((await view(a.token, id)).status).toBe('under-review');
    const granted = await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合许可条件' });
    expect(granted.json).toMatchObject({ status: 'granted' });
    await h.settle();

    const done = await view(a.token, id);
    expect(done).toMatchObject({ status: 'granted', visitsCount: 0, awaiting: { from: 'nobody' } });
    const licenseNo = (done.licenseIssued as { licenseNo: string }).licenseNo;
    expect(licenseNo).toMatch(/^FI3-FJ-2026-\d{6}[0-9A-Z]$/);
    // Sealed with the guide's official wording, in Chinese, as the public verification reads it.
    expect((await h.http('GET', `/v1/public/licenses/${licenseNo}`)).json).toMatchObject({
      scope: '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务',
    });
    expect((done.deadlines as Deadline[]).map((d) => `${d.kind}:${d.state}`)).toEqual(['acceptance:met', 'decision:met', 'issuance:met', 'publication:met']);
    // Each event the applicant is told of is followed by its notification (this enterprise gave no contact: recorded, not sent).
    expect(
      (done.timeline as { type: string; notification?: { kind: string; status: string } }[]).map((e) =>
        e.notification ? `${e.notification.kind}:${e.notification.status}` : e.type,
      ),
    ).toEqual([
      'ApplicationSubmitted',
      'IntakeChecked',
      'ApplicationAccepted',
      'acceptance:no-contact',
      // 首问负责: the reviewer who accepted owns the case (recorded with the acceptance).
      'CaseTaken',
      'ApplicationGranted',
      'decision:no-contact',
      'LicenseIssuedForCase',
      'DecisionPublished',
    ]);
    const license = await eventStore().load<{ validFrom: string; validUntil: string; scope: string; status: string }>(`LICENSE#${licenseNo}`);
    expect(license!.state).toMatchObject({
      status: 'valid',
      scope: '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务',
      validFrom: '2026-11-23',
      validUntil: '2032-11-22',
    });
    // E1: the holder's legal representative and address, as the enterprise register had them at submission, are on the licence.
    expect(license!.state).toMatchObject({ holder: { uscc: a.uscc, legalRepresentative: '林测试', address: '福建省福州市鼓楼区五四路 100 号' } });

    const published = await h.http('GET', `/v1/public/decisions/${id}`);
    expect(published.json).toMatchObject({ caseId: id, licenseNo, outcome: 'grant', enterprise: { uscc: a.uscc }, path: 'standard' });
    expect(JSON.stringify(published.json)).not.toMatch(/测试"|signatory|reviewer|decision-maker/);
    const register = await h.http('GET', '/v1/public/decisions?publishedFrom=2026-11-23&publishedTo=2026-11-23&limit=100');
    expect((register.json!.items as { caseId: string }[]).map((d) => d.caseId)).toContain(id);
    // A period is read by its keys: the day before holds none of this day's decisions.
    const before = await h.http('GET', '/v1/public/decisions?publishedTo=2026-11-22&limit=100');
    // Whatever the day before holds (other files' decisions, or none), nothing in it is of a later day.
    expect((before.json!.items as { caseId: string; publishedAt: string }[]).filter((d) => d.publishedAt >= '2026-11-22T16:00:00.000Z')).toEqual([]);
    expect((before.json!.items as { caseId: string }[]).map((d) => d.caseId)).not.toContain(id);

    // The paper license goes by express post: a waybill, not a visit (L1).
    expect((await act(reviewer, id, 'deliveries', { kind: 'paper-license', waybillNo: 'SF1234567890' })).json).toMatchObject({
      deliveries: [{ kind: 'paper-license', waybillNo: 'SF1234567890' }],
    });
    expect((await act(a.token, id, 'deliveries', { kind: 'paper-license', waybillNo: 'SF1234567891' })).json).toMatchObject({
      status: 403,
      code: 'APPLICATION.DELIVERY_NOT_YOURS',
    });
  });

  it('L3 L4 L5: incomplete → one notice listing every deficiency → a second is refused → supplement → accept → extension → grant → delivery', async () => {
    await h.setClock('2026-11-24T09:00:00+08:00');
    const a = await applicant(['application-form', 'business-license']);
    const { json: submitted } = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] });
    const id = submitted!.id as string;
    expect(submitted!.missing).toEqual(['financial-report', 'safety-management-system', 'personnel-roster', 'personnel-qualifications', 'equipment-list']);
    await h.settle();
    expect((await act(reviewer, id, 'acceptance', { decision: 'accept' })).json).toMatchObject({ status: 422, code: 'APPLICATION.MATERIALS_MISSING' });

    const outsideGuide = await act(reviewer, id, 'correction-notice', { deficiencies: [{ materialType: 'bank-guarantee', problem: '请提供银行保函' }] });
    expect(outsideGuide.json).toMatchObject({ status: 422, code: 'APPLICATION.NOT_IN_GUIDE', outside: ['bank-guarantee'] });
    const deficiencies = ['financial-report', 'safety-management-system', 'personnel-roster', 'personnel-qualifications', 'equipment-list'].map((m) => ({
      materialType: m,
      problem: '未提交',
    }));
    const notice = await act(reviewer, id, 'correction-notice', { deficiencies });
    expect(notice.json).toMatchObject({ status: 'correction-requested', awaiting: { from: 'applicant' } });
    const second = await act(reviewer, id, 'correction-notice', { deficiencies: deficiencies.slice(0, 1) });
    expect(second.json).toMatchObject({ status: 409, code: 'APPLICATION.SECOND_CORRECTION_NOTICE' });

    await h.setClock('2026-11-26T09:00:00+08:00');
    const more: string[] = [];
    for (const m of ['financial-report', 'safety-management-system', 'personnel-roster', 'personnel-qualifications', 'equipment-list'])
      more.push(await h.uploadDocument(a.uscc, a.token, m));
    const supplemented = await act(a.token, id, 'supplements', { documentIds: more });
    expect(supplemented.json).toMatchObject({ status: 'submitted', missing: [] });
    expect(deadline(supplemented.json, 'acceptance')).toMatchObject({ dueDate: '2026-12-03', state: 'open' });

    const accepted = await act(reviewer, id, 'acceptance', { decision: 'accept' });
    expect(deadline(accepted.json, 'decision')).toMatchObject({ dueDate: '2026-12-24' });
    expect((await act(reviewer, id, 'extension', { workingDays: 11, reason: '需要补充核查' })).status).toBe(400);
    const extended = await act(reviewer, id, 'extension', { workingDays: 10, reason: '需要补充核查技术人员资格' });
    // 30 WD from 26 Nov reach into 2027, whose holidays are not published yet: weekends-only, marked provisional (1 Jan counts).
    expect(deadline(extended.json, 'decision')).toMatchObject({ dueDate: '2027-01-07', extendedBy: 10, calendarProvisional: true });
    expect((await act(reviewer, id, 'extension', { workingDays: 2, reason: '再次延长' })).json).toMatchObject({
      status: 409,
      code: 'APPLICATION.SECOND_EXTENSION',
    });

    // A reviewer cannot decide (L5: the decision-maker does).
    expect((await act(reviewer, id, 'decision', { outcome: 'grant', reasons: 'ok' })).json).toMatchObject({ status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' });
    expect((await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' })).json).toMatchObject({ status: 'granted' });
    await h.settle();
    const delivered = await act(reviewer, id, 'deliveries', { kind: 'paper-license', waybillNo: 'EMS9876543210' });
    expect(delivered.json).toMatchObject({ status: 'granted', deliveries: [{ kind: 'paper-license' }] });
    expect((delivered.json!.timeline as { type: string }[]).filter((e) => e.type === 'CorrectionNoticeIssued')).toHaveLength(1);
  });

  it('L4 X2: with no action for 5 WD across the 2026 National Day holiday, the case is deemed accepted on day 6, as of its submission', async () => {
    await h.setClock('2026-09-28T10:00:00+08:00');
    const a = await applicant();
    const { json } = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] });
    const id = json!.id as string;
    // 29, 30 Sep; 1–7 Oct holiday; 8, 9 Oct; Sat 10 Oct is a make-up working day → 5 WD end on 10 Oct.
    expect(deadline(json, 'acceptance')).toMatchObject({ dueDate: '2026-10-10' });
    await h.settle();
    await h.setClock('2026-10-10T20:00:00+08:00');
    expect((await view(a.token, id)).status).toBe('submitted');
    await h.setClock('2026-10-11T09:00:00+08:00');
    const deemed = await view(a.token, id);
    expect(deemed).toMatchObject({ status: 'under-review', acceptance: { deemed: true, asOf: '2026-09-28' } });
    // 20 WD from 28 Sep across the holiday: 29, 30 Sep; 8, 9, 10 Oct; then 12 Oct – 30 Oct.
    expect(deadline(deemed, 'decision')).toMatchObject({ dueDate: '2026-10-30', state: 'open' });
    expect((deemed.timeline as { type: string }[]).map((e) => e.type)).toContain('ApplicationDeemedAccepted');
  });

  it('L5: a pause moves the decision deadline by its expected, then its actual, working days; the applicant sees it', async () => {
    await h.setClock('2026-11-02T10:00:00+08:00');
    const a = await applicant();
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] })).json!.id as string;
    await h.settle();
    const accepted = await act(reviewer, id, 'acceptance', { decision: 'accept' });
    expect(deadline(accepted.json, 'decision').dueDate).toBe('2026-11-30');
    const paused = await act(reviewer, id, 'pauses', { kind: 'expert-review', expectedWorkingDays: 10, reason: '组织专家评审' });
    expect(paused.status).toBe(201);
    expect(deadline(paused.json, 'decision')).toMatchObject({ dueDate: '2026-12-14', pausedWorkingDays: 10, state: 'paused' });
    expect(paused.json!.awaiting).toMatchObject({ from: 'agency', what: expect.stringContaining('expert-review') });
    expect((paused.json!.timeline as { type: string; data: Json }[]).at(-1)).toMatchObject({
      type: 'ReviewPaused',
      data: { applicantNotified: true, expectedWorkingDays: 10 },
    });
    expect((await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' })).json).toMatchObject({
      status: 409,
      code: 'APPLICATION.PAUSE_OPEN',
    });
    await h.setClock('2026-11-06T10:00:00+08:00');
    const resumed = await act(reviewer, id, 'pauses/P1/end');
    expect(deadline(resumed.json, 'decision')).toMatchObject({ dueDate: '2026-12-04', pausedWorkingDays: 4, state: 'open' });
  });

  it('L7 S7: a good-credit enterprise on the commitment path is verified online and granted the same day, with a verification due in 6 months', async () => {
    await h.setClock('2026-11-25T10:00:00+08:00');
    const a = await applicant();
    const commitment = { signatory: '王经理', acceptedText: (await h.http('GET', '/v1/guide/commitment')).json!.text as string };
    const { json } = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']], path: 'commitment', commitment });
    const id = json!.id as string;
    await h.settle();
    const done = await view(a.token, id);
    expect(done).toMatchObject({
      status: 'granted',
      path: 'commitment',
      creditClass: 'good',
      onSiteVerification: 'exempt',
      verificationDue: '2027-05-25',
      acceptance: { deemed: false },
    });
    // Verified online (L7): the credit and each of the three registry checks ran and passed — an empty list would not do.
    expect(done.registryChecks).toEqual([
      expect.objectContaining({ check: 'credit', passed: true }),
      expect.objectContaining({ check: 'registration', passed: true }),
      expect.objectContaining({ check: 'personnel-posts', passed: true }),
      expect.objectContaining({ check: 'qualifications', passed: true }),
    ]);
    expect((done.decision as { at: string }).at.slice(0, 10)).toBe('2026-11-25');
    const verification = await eventStore().load<{ dueDate: string; status: string }>(`VERIFICATION#${id}`);
    expect(verification!.state).toMatchObject({ dueDate: '2027-05-25', status: 'due' });
    const published = (await h.http('GET', `/v1/public/decisions/${id}`)).json!;
    expect(published).toMatchObject({ path: 'commitment', commitmentLetter: { text: licensingConfig.commitmentText } });
    expect(JSON.stringify(published)).not.toContain('王经理');
    // The holder's licences (the portal's list): its own only; staff of another agency see none of them.
    const licenseNo = (done.licenseIssued as { licenseNo: string }).licenseNo;
    const mine = await h.http('GET', `/v1/enterprises/${a.uscc}/licenses`, { token: a.token });
    expect(mine.json!.items).toEqual([expect.objectContaining({ licenseNo, status: 'valid', holder: expect.objectContaining({ uscc: a.uscc }) })]);
    const other = await applicant();
    expect((await h.http('GET', `/v1/enterprises/${a.uscc}/licenses`, { token: other.token })).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    const south = await h.token({ role: 'reviewer', agencyId: 'nea-south' });
    expect((await h.http('GET', `/v1/enterprises/${a.uscc}/licenses`, { token: south })).json!.items).toEqual([]);
  });

  it('L7: a commitment that the registries cannot confirm goes to a person on the standard path', async () => {
    await h.setClock('2026-11-25T11:00:00+08:00');
    const a = await applicant(REQUIRED, '91350100MA2YQ0W75X');
    const commitment = { signatory: '李经理', acceptedText: licensingConfig.commitmentText };
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']], path: 'commitment', commitment })).json!.id as string;
    await h.settle();
    const v = await view(a.token, id);
    expect(v).toMatchObject({ status: 'submitted', path: 'standard', awaiting: { from: 'agency' } });
    expect((v.timeline as { type: string }[]).map((e) => e.type)).toContain('CommitmentVerificationFailed');
  });

  it('L7 L8 C2: a dishonest enterprise cannot take the commitment path; nothing is written; on the standard path it gets on-site verification', async () => {
    await h.setClock('2026-11-25T12:00:00+08:00');
    const a = await applicant();
    // A serious credit record, as the credit context keeps them.
    await eventStore().append({
      stream: creditStream(a.uscc),
      expectedVersion: 0,
      lastHash: GENESIS_HASH,
      events: [{ type: 'CreditRecordAdded', data: { recordId: 'R1', severity: 'serious' } }],
      state: {
        ...{
          uscc: a.uscc,
          name: 'test',
          regionCode: '350100',
          agencyId: 'nea-fujian',
          creditClass: 'dishonest',
          classAsOf: '2026-06-01',
          measures: [],
          requests: [],
        },
        records: [{ recordId: 'R1', severity: 'serious', decidedAt: '2026-06-01', status: 'live' }],
      },
      actor: 'test',
      at: new Date(),
    });
    const refused = await submit(a.token, {
      matterId: MATTER,
      documentIds: [a.docs['application-form']],
      path: 'commitment',
      commitment: { signatory: '赵六', acceptedText: licensingConfig.commitmentText },
    });
    expect(refused.json).toMatchObject({ status: 422, code: 'APPLICATION.COMMITMENT_NOT_ALLOWED', creditClass: 'dishonest' });
    expect((await h.http('GET', '/v1/applications', { token: a.token })).json!.items).toEqual([]);
    const standard = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] });
    expect(standard.json).toMatchObject({ status: 'submitted', creditClass: 'dishonest', onSiteVerification: 'required', strictReview: true });
  });

  it('rejects bad input with a stable code and writes nothing; the same Idempotency-Key creates one case', async () => {
    await h.setClock('2026-11-26T10:00:00+08:00');
    const a = await applicant(['application-form']);
    const other = await applicant(['application-form']);
    const expired = await h.uploadDocument(a.uscc, a.token, 'business-license', { validUntil: '2026-01-31' });
    expect((await submit(a.token, { matterId: 'facility-install-l9.new' })).json).toMatchObject({ status: 422, code: 'APPLICATION.UNKNOWN_MATTER' });
    expect((await submit(a.token, { matterId: MATTER, documentIds: [other.docs['application-form']] })).json).toMatchObject({
      status: 422,
      code: 'APPLICATION.UNKNOWN_DOCUMENT',
    });
    expect((await submit(a.token, { matterId: MATTER, documentIds: [expired] })).json).toMatchObject({ status: 422, code: 'APPLICATION.DOCUMENT_EXPIRED' });
    expect((await submit(a.token, { matterId: 'facility-install-l3.renewal' })).json).toMatchObject({ status: 400, code: 'APPLICATION.LICENSE_NO_REQUIRED' });
    expect((await submit(a.token, { matterId: 'facility-install-l3.renewal', licenseNo: 'FI3-FJ-2026-0000010' })).json).toMatchObject({
      status: 400,
      code: 'APPLICATION.BAD_LICENSE_NO',
    });
    expect((await h.http('GET', '/v1/applications', { token: a.token })).json!.items).toEqual([]);

    const key = `submit-${a.uscc}`;
    const first = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] }, key);
    const again = await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] }, key);
    expect(again.json!.id).toBe(first.json!.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await h.http('GET', '/v1/applications', { token: a.token })).json!.items).toHaveLength(1);
    const id = first.json!.id as string;

    // Wrong status, staff of another agency, another applicant.
    expect((await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' })).json).toMatchObject({
      status: 409,
      code: 'APPLICATION.ACTION_NOT_ALLOWED',
      allowed: expect.arrayContaining(['accept']),
    });
    const south = await h.token({ role: 'reviewer', agencyId: 'nea-south' });
    expect((await act(south, id, 'acceptance', { decision: 'refuse', reasons: 'x' })).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    expect((await h.http('GET', `/v1/applications/${id}`, { token: other.token })).status).toBe(403);
    expect((await act(reviewer, id, 'acceptance', { decision: 'refuse' })).json).toMatchObject({ status: 400, code: 'APPLICATION.REASONS_REQUIRED' });
  });

  it('concurrency: two decision-makers deciding the same case at once — exactly one wins, the other gets 409', async () => {
    await h.setClock('2026-11-26T11:00:00+08:00');
    const a = await applicant();
    const id = await acceptedCase(a);
    const other = await h.token({ role: 'decision-maker', agencyId: 'nea-fujian', sub: 'dm-2' });
    const results = await Promise.all([
      act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' }),
      act(other, id, 'decision', { outcome: 'deny', reasons: '不符合条件' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.json!.code).toMatch(/^(CONCURRENCY.VERSION_CONFLICT|APPLICATION.ACTION_NOT_ALLOWED)$/);
    // Submitted, checked, accepted (and taken by the reviewer), then the one decision that won.
    expect(((await view(a.token, id)).timeline as { type: string }[]).map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'IntakeChecked',
      'ApplicationAccepted',
      'CaseTaken',
      expect.stringMatching(/^Application(Granted|Denied)$/),
    ]);
  });

  it('L11: a real-name bad review needs a callback within 3 WD; without one the sweep flags it overdue', async () => {
    await h.setClock('2026-11-27T10:00:00+08:00');
    const a = await applicant();
    const id = await acceptedCase(a);
    expect((await act(a.token, id, 'review', { rating: 1, realName: true })).json).toMatchObject({ status: 409, code: 'REVIEW.CASE_NOT_FINISHED' });
    await act(decisionMaker, id, 'decision', { outcome: 'deny', reasons: '专业技术人员不足' });
    const review = await act(a.token, id, 'review', { rating: 1, comment: '审批太慢', realName: true });
    expect(review.status).toBe(201);
    expect(review.json).toMatchObject({
      bad: true,
      deadlines: [
        { kind: 'callback', dueDate: '2026-12-02' },
        { kind: 'rectification', dueDate: '2026-12-18' },
      ],
    });
    expect((await act(a.token, id, 'review', { rating: 5, realName: true })).json).toMatchObject({ status: 409, code: 'REVIEW.ALREADY_REVIEWED' });

    await h.setClock('2026-12-03T09:00:00+08:00');
    const reviews = await h.http('GET', '/v1/reviews?bad=true&limit=100', { token: reviewer });
    const mine = (reviews.json!.items as { caseId: string; deadlines: Deadline[] }[]).find((r) => r.caseId === id)!;
    expect(mine.deadlines.find((d) => d.kind === 'callback')).toMatchObject({ breachedOn: '2026-12-03' });
    const callback = await h.http('POST', `/v1/reviews/${id}/callback`, {
      token: reviewer,
      body: { notes: '已电话回访，说明审查依据', rectification: '压缩内部审查流程' },
    });
    expect(callback.json).toMatchObject({ callback: { notes: '已电话回访，说明审查依据' }, rectification: { measures: '压缩内部审查流程' } });
  });

  it("X1: a finished case's audit chain verifies, and a tampered event is detected", async () => {
    await h.setClock('2026-11-30T10:00:00+08:00');
    const a = await applicant();
    const id = await acceptedCase(a);
    await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' });
    await h.settle();
    const audit = await h.http('GET', `/v1/applications/${id}/audit`, { token: a.token });
    // Submitted, intake, accepted, taken by the reviewer (首问负责), granted, licence issued, published.
    expect(audit.json).toMatchObject({ verification: { ok: true, length: 7 } });

    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `APPLICATION#${id}`, sk: 'EV#0000000005' },
        UpdateExpression: 'SET #d.reasons = :r',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':r': '伪造的理由' },
      }),
    );
    const tampered = await h.http('GET', `/v1/applications/${id}/audit`, { token: reviewer });
    expect(tampered.json).toMatchObject({ verification: { ok: false, brokenAt: 5, reason: 'event content does not match its hash' } });
  });

  it('X1: an administrator reads and verifies any stream (here an enterprise’s), staff cannot, and an unknown stream is a 404', async () => {
    const admin = await h.token({ role: 'admin', sub: 'auditor-1' });
    const a = await applicant();
    const audit = await h.http('GET', `/v1/operations/audit?stream=${encodeURIComponent(`ENTERPRISE#${a.uscc}`)}`, { token: admin });
    expect(audit.json).toMatchObject({ stream: `ENTERPRISE#${a.uscc}`, verification: { ok: true, length: 1 }, events: [{ type: 'EnterpriseRegistered' }] });
    expect((await h.http('GET', `/v1/operations/audit?stream=${encodeURIComponent(`ENTERPRISE#${a.uscc}`)}`, { token: reviewer })).status).toBe(403);
    expect((await h.http('GET', '/v1/operations/audit?stream=REVIEW%23AP20990101NONEXIST', { token: admin })).json).toMatchObject({
      status: 404,
      code: 'AUDIT.NO_SUCH_STREAM',
    });
  });

  it('E2: a renewal applied for less than 30 days before the licence expires is refused (Art. 50); 30 days before is taken', async () => {
    await h.setClock('2026-12-01T10:00:00+08:00');
    const a = await applicant([...REQUIRED, 'compliance-statement']);
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] })).json!.id as string;
    await h.settle();
    await act(reviewer, id, 'acceptance', { decision: 'accept' });
    await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' });
    await h.settle();
    const licenseNo = ((await view(a.token, id)).licenseIssued as { licenseNo: string }).licenseNo;
    const renewal = { matterId: 'facility-install-l3.renewal', licenseNo, documentIds: [a.docs['application-form']!, a.docs['compliance-statement']!] };
    // Valid until 2032-11-30: 29 days before is too late, 30 days before is in time.
    await h.setClock('2032-11-01T10:00:00+08:00');
    expect((await submit(a.token, renewal)).json).toMatchObject({ status: 422, code: 'APPLICATION.RENEWAL_TOO_LATE' });
    await h.setClock('2032-10-31T10:00:00+08:00');
    // The vault's 2030 documents have expired by then: the renewal names fresh ones.
    const fresh = [
      await h.uploadDocument(a.uscc, a.token, 'application-form', { validUntil: '2035-12-31', text: 'renewal form' }),
      await h.uploadDocument(a.uscc, a.token, 'compliance-statement', { validUntil: '2035-12-31', text: 'renewal statement' }),
    ];
    const taken = await submit(a.token, { ...renewal, documentIds: fresh });
    expect({ status: taken.status, code: taken.json!.code, detail: taken.json!.detail }).toEqual({ status: 201 });
  });

  it('E2: change, renewal and cancellation act on the existing license, each a new version', async () => {
    await h.setClock('2026-12-01T10:00:00+08:00');
    const a = await applicant([...REQUIRED, 'change-evidence', 'compliance-statement', 'cancellation-statement']);
    const grantCase = async (matterId: string, documentIds: string[], licenseNo?: string, ownScope?: string) => {
      const sub = await submit(a.token, { matterId, documentIds, ...(licenseNo ? { licenseNo } : {}) });
      expect(sub.status).toBe(201);
      const id = sub.json!.id as string;
      await h.settle();
      expect((await act(reviewer, id, 'acceptance', { decision: 'accept' })).json).toMatchObject({ status: 'under-review' });
      // A scope of the decision-maker's own is refused: the licence keeps the guide's official wording.
      const refused = ownScope ? (await act(decisionMaker, id, 'decision', { outcome: 'grant', scope: ownScope })).json : undefined;
      await act(decisionMaker, id, 'decision', { outcome: 'grant', reasons: '符合条件' });
      await h.settle();
      return { ...(await view(a.token, id)), refused } as Record<string, unknown> & { refused?: Record<string, unknown> };
    };
    const first = await grantCase(MATTER, [a.docs['application-form']!], undefined);
    const licenseNo = (first.licenseIssued as { licenseNo: string }).licenseNo;
    const load = async () =>
      (await eventStore().load<{ version: number; scope: string; status: string; validFrom: string; validUntil: string }>(`LICENSE#${licenseNo}`))!.state;

    const typo = licenseNo.slice(0, -1) + (licenseNo.endsWith('0') ? '1' : '0');
    expect((await submit(a.token, { matterId: 'facility-install-l3.change', licenseNo: typo })).json).toMatchObject({
      status: 400,
      code: 'APPLICATION.BAD_LICENSE_NO',
    });
    expect((await submit(a.token, { matterId: 'facility-install-l2.change', licenseNo })).json).toMatchObject({
      status: 422,
      code: 'APPLICATION.LICENSE_CLASS_MISMATCH',
    });

    const changed = await grantCase('facility-install-l3.change', [a.docs['application-form']!, a.docs['change-evidence']!], licenseNo, '承装三级（含10千伏）');
    expect(changed.refused).toMatchObject({ code: 'APPLICATION.SCOPE_NOT_OFFICIAL' });
    expect(await load()).toMatchObject({ version: 2, scope: '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务', status: 'valid' });

    await grantCase('facility-install-l3.renewal', [a.docs['application-form']!, a.docs['compliance-statement']!], licenseNo);
    expect(await load()).toMatchObject({ version: 3, validFrom: '2032-12-01', validUntil: '2038-11-30' });

    const cancelled = await grantCase('facility-install-l3.cancellation', [a.docs['application-form']!, a.docs['cancellation-statement']!], licenseNo);
    expect(cancelled.deadlines as Deadline[]).not.toContainEqual(expect.objectContaining({ kind: 'issuance' }));
    expect(await load()).toMatchObject({ version: 4, status: 'cancelled' });
    expect((await eventStore().readStream(`LICENSE#${licenseNo}`)).map((e) => e.type)).toEqual([
      'LicenseIssued',
      'LicenseSealed',
      'LicenseChanged',
      'LicenseSealed',
      'LicenseRenewed',
      'LicenseSealed',
      'LicenseCancelled',
    ]);
    expect((await submit(a.token, { matterId: 'facility-install-l3.change', licenseNo })).json).toMatchObject({
      status: 422,
      code: 'APPLICATION.LICENSE_NOT_VALID',
    });
  });

  it('L1: every in-person visit is counted; more than one is flagged as a violation', async () => {
    await h.setClock('2026-11-30T11:00:00+08:00');
    const a = await applicant();
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] })).json!.id as string;
    await act(reviewer, id, 'visits', { reason: '现场核对原件' });
    const second = await act(reviewer, id, 'visits', { reason: '再次现场核对' });
    expect(second.json).toMatchObject({ visitsCount: 2 });
    expect((second.json!.timeline as { type: string; data: Json }[]).at(-1)).toMatchObject({
      type: 'InPersonVisitRecorded',
      data: { visits: 2, violation: 'L1' },
    });
  });

  it("L10: the quarterly oversight report counts the agency's cases of the quarter; other agencies' staff and applicants cannot read it", async () => {
    await h.setClock('2025-05-12T10:00:00+08:00');
    type Report = {
      agencyId: string;
      cases: { submitted: number; byMatter: Record<string, { submitted: number; pending: number }> };
      feesChargedCny: number;
      visits: { total: number };
      correctionNotices: { cases: number };
    };
    const report = async () => (await h.http('GET', '/v1/reports/licensing-oversight?quarter=2025Q2', { token: decisionMaker })).json as unknown as Report;
    const before = await report();
    const a = await applicant();
    const id = (await submit(a.token, { matterId: MATTER, documentIds: [a.docs['application-form']] })).json!.id as string;
    await act(reviewer, id, 'visits', { reason: '现场核对原件' });
    const after = await report();
    expect(after).toMatchObject({ agencyId: 'nea-fujian', feesChargedCny: 0 });
    expect({
      submitted: after.cases.submitted - before.cases.submitted,
      pending: after.cases.byMatter[MATTER]!.pending - (before.cases.byMatter[MATTER]?.pending ?? 0),
      visits: after.visits.total - before.visits.total,
    }).toEqual({ submitted: 1, pending: 1, visits: 1 });
    const south = await h.token({ role: 'supervisor', agencyId: 'nea-south' });
    expect((await h.http('GET', '/v1/reports/licensing-oversight?quarter=2025Q2&agencyId=nea-fujian', { token: south })).status).toBe(403);
    expect((await h.http('GET', '/v1/reports/licensing-oversight?quarter=2025Q2', { token: a.token })).status).toBe(403);
    // The counters the writes kept are what a rebuild from the agency's cases computes (rebuild == incremental).
    await h.settle();
    const served = await report();
    const admin = await h.token({ role: 'admin' });
    const rebuilt = await h.http('POST', '/v1/operations/tallies/rebuild', { token: admin, body: { key: 'OVERSIGHT#nea-fujian#2025Q2' } });
    expect(rebuilt.json).toMatchObject({ key: 'OVERSIGHT#nea-fujian#2025Q2', differed: false });
    expect(await report()).toEqual(served);
    resetClock();
  });
});
