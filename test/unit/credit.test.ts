import { WorkingDayCalendar } from '../../functions/platform/calendar';
import {
  acceptRequest,
  addRecord,
  type AddCreditRecord,
  type Credit,
  decideRequest,
  MEASURES,
  publicEntry,
  recordInterview,
  scheduleInterview,
  submitRequest,
  sweepCredit,
} from '../../functions/credit/domain/credit';
import type { Snapshot } from '../../functions/platform/event-store';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { creditIndex, PUBLIC_DISHONEST_KEY } from '../../functions/credit/indexes';

const cal = new WorkingDayCalendar();
const at = (iso: string) => new Date(iso);
const enterprise = { uscc: '91350100M000100Y43', name: '福州示范电力工程有限公司', regionCode: '350100', agencyId: 'nea-fujian' };
const snap = (state: Credit): Snapshot<Credit> => ({ stream: 's', version: 1, lastHash: GENESIS_HASH, state, updatedAt: '' });
const record = (o: Partial<AddCreditRecord> = {}): AddCreditRecord => ({
  source: 'penalty',
  sourceRef: '闽监罚〔2026〕12号',
  severity: 'serious',
  facts: '超越许可范围承揽工程',
  decidedAt: '2026-09-01',
  ...o,
});
const withRecord = (o: Partial<AddCreditRecord> = {}, when = '2026-09-10T02:00:00Z') => addRecord(undefined, enterprise, record(o), at(when));

describe('credit records, classes and measures', () => {
  it('C1: records come from penalties, inspections, false commitments and complaints; the same source reference twice is one record', () => {
    let c: Credit | undefined;
    for (const [i, source] of (['penalty', 'inspection', 'false-commitment', 'complaint'] as const).entries()) {
      c = addRecord(c && snap(c), enterprise, record({ source, sourceRef: `ref-${i}`, severity: 'minor' }), at('2026-09-10T02:00:00Z')).state;
    }
    expect(c!.records.map((r) => [r.recordId, r.source])).toEqual([
      ['CR0001', 'penalty'],
      ['CR0002', 'inspection'],
      ['CR0003', 'false-commitment'],
      ['CR0004', 'complaint'],
    ]);
    expect(addRecord(snap(c!), enterprise, record({ source: 'complaint', sourceRef: 'ref-3', severity: 'minor' }), at('2026-09-11T02:00:00Z')).events).toEqual(
      [],
    );
  });

  it('C2: the class follows the records and is recorded with its change', () => {
    const d = withRecord();
    expect(d.state.creditClass).toBe('dishonest');
    expect(d.events.map((e) => e.type)).toEqual(['CreditRecordAdded', 'CreditMeasureImposed', 'CreditMeasureImposed', 'CreditClassChanged']);
    expect(withRecord({ severity: 'minor' }).state.creditClass).toBe('normal');
    expect(withRecord({ severity: 'severe' }).state.creditClass).toBe('severely-dishonest');
  });

  it('C3: minor → reminder; serious → warning and interview; severe → the severely dishonest list, public', () => {
    expect(MEASURES).toEqual({ minor: ['reminder'], serious: ['warning', 'interview'], severe: ['dishonest-list'] });
    expect(withRecord({ severity: 'minor' }).state.measures.map((m) => m.kind)).toEqual(['reminder']);
    expect(withRecord().state.measures.map((m) => m.kind)).toEqual(['warning', 'interview']);
    const severe = withRecord({ severity: 'severe' });
    expect(severe.state.measures.map((m) => m.kind)).toEqual(['dishonest-list']);
    expect(creditIndex(severe.state)).toMatchObject({ gsi2pk: PUBLIC_DISHONEST_KEY });
    expect(creditIndex(withRecord().state)).not.toHaveProperty('gsi2pk');
    expect(publicEntry(severe.state)).toEqual({
      uscc: enterprise.uscc,
      name: enterprise.name,
      regionCode: '350100',
      agencyId: 'nea-fujian',
      listedSince: '2026-09-10',
      records: [{ recordId: 'CR0001', source: 'penalty', sourceRef: '闽监罚〔2026〕12号', decidedAt: '2026-09-01', facts: '超越许可范围承揽工程' }],
    });
  });

  it('C3: a serious record’s interview is held once, after its time; once held it stays done when the record is repaired, an unheld one is lifted', () => {
    const serious = withRecord().state;
    const place = '福建能源监管办会议室';
    const scheduled = scheduleInterview(serious, 'CR0001-M2', { at: '2026-09-15T09:30:00+08:00', place }, 'sup-1', at('2026-09-10T02:00:00Z')).state;
    expect(() => recordInterview(scheduled, 'CR0001-M2', { attendees: ['林测试'], agreed: '按期整改' }, 'sup-1', at('2026-09-15T01:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CREDIT.INTERVIEW_NOT_YET' }),
    );
    const held = recordInterview(scheduled, 'CR0001-M2', { attendees: ['林测试'], agreed: '按期整改' }, 'sup-1', at('2026-09-15T02:00:00Z'));
    expect(held.events.map((e) => e.type)).toEqual(['CreditInterviewHeld']);
    expect(held.state.measures.map((m) => [m.kind, m.status])).toEqual([
      ['warning', 'open'],
      ['interview', 'held'],
    ]);
    expect(() => scheduleInterview(held.state, 'CR0001-M2', { at: '2026-09-20T09:30:00+08:00', place }, 'sup-1', at('2026-09-16T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CREDIT.INTERVIEW_CLOSED' }),
    );
    // The record repaired: the warning is lifted; the interview that took place stays what it was.
    const repair = (c: Credit) => {
      const requested = submitRequest(snap(c), 'repair', 'CR0001', '已整改', [], at('2026-09-16T02:00:00Z')).state;
      const accepted = acceptRequest(requested, 'repair', 'RP001', true, undefined, 'sup-1', at('2026-09-16T02:00:00Z'), cal).state;
      return decideRequest(accepted, 'repair', 'RP001', { outcome: 'granted', reasons: '整改到位' }, 'sup-1', at('2026-09-17T02:00:00Z')).state;
    };
    expect(repair(held.state).measures.map((m) => m.status)).toEqual(['lifted', 'held']);
    expect(repair(serious).measures.map((m) => m.status)).toEqual(['lifted', 'lifted']);
  });

  it('C1: a record cannot be decided after the day it is recorded', () => {
    expect(() => withRecord({ decidedAt: '2026-09-11' }, '2026-09-10T02:00:00Z')).toThrow(expect.objectContaining({ code: 'CREDIT.DECIDED_IN_FUTURE' }));
  });
});

describe('repair (C4) and objection (C5)', () => {
  const severe = () => withRecord({ severity: 'severe' }).state;
  const repairAccepted = (when = '2026-09-25T02:00:00Z') => {
    const requested = submitRequest(snap(severe()), 'repair', 'CR0001', '已整改并承诺守信', [], at('2026-09-24T02:00:00Z')).state;
    return acceptRequest(requested, 'repair', 'RP001', true, undefined, 'sup', at(when), cal).state;
  };

  it('C4: accepting a repair sets its decision 15 WD later — across the 2026 National Day holiday', () => {
    // Fri 25 Sep: 28–30 Sep = 1–3; 1–7 Oct holiday; 8, 9 Oct = 4, 5; Sat 10 Oct (make-up) = 6; 12–16 Oct = 7–11; 19–22 Oct = 12–15.
    expect(repairAccepted().requests[0]!.deadline).toMatchObject({ rule: 'C4', from: '2026-09-25', dueDate: '2026-10-22', calendarProvisional: false });
  });

  it('C4: decided on the 15th WD it is on time; undecided, the sweep flags it on the 16th', () => {
    const accepted = repairAccepted();
    expect(sweepCredit(accepted, at('2026-10-22T09:00:00Z')).events).toEqual([]);
    const flagged = sweepCredit(accepted, at('2026-10-22T16:10:00Z')); // 00:10 on 23 Oct in Shanghai
    expect(flagged.events).toEqual([
      {
        type: 'DeadlineBreached',
        data: { kind: 'repair', requestId: 'RP001', rule: 'C4', dueDate: '2026-10-22', breachedOn: '2026-10-23', flaggedOn: '2026-10-23' },
      },
    ]);
    const decided = decideRequest(accepted, 'repair', 'RP001', { outcome: 'granted', reasons: '整改到位' }, 'sup', at('2026-10-22T08:00:00Z'));
    expect(sweepCredit(decided.state, at('2026-10-22T16:10:00Z')).events).toEqual([]);
  });

  it('C4: a repaired record stops counting, its measures are lifted and the enterprise leaves the public list', () => {
    const decided = decideRequest(repairAccepted(), 'repair', 'RP001', { outcome: 'granted', reasons: '整改到位' }, 'sup', at('2026-10-20T02:00:00Z'));
    expect(decided.state.records[0]).toMatchObject({ status: 'repaired', corrections: [{ change: 'repaired', requestId: 'RP001' }] });
    expect(decided.state.creditClass).toBe('good');
    expect(decided.state.measures.map((m) => m.status)).toEqual(['lifted']);
    expect(creditIndex(decided.state)).not.toHaveProperty('gsi2pk');
    expect(decided.events.map((e) => e.type)).toEqual(['CreditRepairDecided', 'CreditRecordCorrected', 'CreditMeasureLifted', 'CreditClassChanged']);
  });

  it('C5 X3: an upheld objection corrects the record by a new event; the record stays, withdrawn or with its corrected severity', () => {
    const objected = (correction?: 'withdraw' | 'minor') => {
      const raised = submitRequest(snap(withRecord().state), 'objection', 'CR0001', '处罚决定已被复议撤销', [], at('2026-09-24T02:00:00Z')).state;
      const accepted = acceptRequest(raised, 'objection', 'OB001', true, undefined, 'sup', at('2026-09-25T02:00:00Z'), cal).state;
      expect(accepted.requests[0]!.deadline).toMatchObject({ rule: 'C5', dueDate: '2026-10-22' });
      return decideRequest(
        accepted,
        'objection',
        'OB001',
        { outcome: 'granted', reasons: '异议成立', ...(correction ? { correction } : {}) },
        'sup',
        at('2026-10-09T02:00:00Z'),
      );
    };
    const withdrawn = objected();
    expect(withdrawn.state.records).toHaveLength(1);
    expect(withdrawn.state.records[0]).toMatchObject({ status: 'withdrawn', severity: 'serious' });
    expect(withdrawn.state.creditClass).toBe('good');
    const lowered = objected('minor');
    expect(lowered.state.records[0]).toMatchObject({ status: 'live', severity: 'minor', corrections: [{ change: 'severity serious → minor on objection' }] });
    expect(lowered.state.creditClass).toBe('normal');
  });

  it('refuses what the process does not allow, with stable codes', () => {
    const c = severe();
    expect(() => submitRequest(snap(c), 'repair', 'CR0009', 'x', [], at('2026-09-24T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CREDIT.NO_SUCH_RECORD' }),
    );
    const once = submitRequest(snap(c), 'repair', 'CR0001', '整改', [], at('2026-09-24T02:00:00Z')).state;
    expect(() => submitRequest(snap(once), 'repair', 'CR0001', '再次', [], at('2026-09-24T03:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CREDIT.REQUEST_OPEN' }),
    );
    expect(() => decideRequest(once, 'repair', 'RP001', { outcome: 'granted', reasons: 'x' }, 'sup', at('2026-09-25T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CREDIT.REQUEST_NOT_ACCEPTED' }),
    );
    expect(() => acceptRequest(once, 'repair', 'RP001', false, undefined, 'sup', at('2026-09-25T02:00:00Z'), cal)).toThrow(
      expect.objectContaining({ code: 'CREDIT.REASONS_REQUIRED' }),
    );
    expect(acceptRequest(once, 'repair', 'RP001', false, '材料不足', 'sup', at('2026-09-25T02:00:00Z'), cal).state.requests[0]!.status).toBe('not-accepted');
  });
});
