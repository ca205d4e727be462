import { calendar } from '../../functions/platform/config';
import {
  Acceptance,
  assign,
  coveredFor,
  Callback,
  type Complaint,
  decideAcceptance,
  extend,
  Findings,
  recordCallback,
  recordFindings,
  recordLink,
  reply,
  sweep,
} from '../../functions/complaints/domain/complaint';
import { receive, WorkOrder } from '../../functions/complaints/domain/work-order';
import { monthlyStatistics } from '../../functions/complaints/domain/statistics';
import { deadLettered, delivered, attemptFailed, payloadOf } from '../../functions/complaints/domain/hotline-notification';
import { DomainError } from '../../functions/platform/errors';
import { keptInTime } from '../../functions/platform/rates';
import { newUscc } from '../support/fixtures';
import { complaintIndex } from '../../functions/complaints/indexes';
import { notificationIndex } from '../../functions/complaints/indexes';

const USCC = newUscc();

const order = (o: Record<string, unknown> = {}) =>
  WorkOrder.parse({
    orderNo: 'HL20260929000001',
    receivedAt: '2026-09-29T10:00:00+08:00',
    channel: 'phone',
    type: 'complaint',
    businessArea: 'connection',
    regionCode: '350102',
    party: { uscc: USCC },
    facts: '报装后超过十个工作日未接电',
    complainant: { anonymous: true },
    ...o,
  });
const at = (iso: string) => new Date(iso);
const received = (o: Record<string, unknown> = {}, when = '2026-09-29T10:00:00+08:00'): Complaint =>
  receive(order(o), 'msg_1', undefined, [], at(when), calendar).state;
const linked = (c: Complaint): Complaint =>
  recordLink(c, { matched: true, by: 'uscc', uscc: USCC, name: '福建测试电力有限公司', agencyId: 'nea-fujian', licenses: [] }).state;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
  return 'no error';
};

describe('complaint handling (P2, P3)', () => {
  it('P2: acceptance is due 5 working days after receipt, across the National Day holiday', () => {
    // 2026-09-29 (Tue): Sep 30, Oct 8, Oct 9, Oct 10 (a make-up Saturday), Oct 12.
    expect(received().deadlines).toEqual([expect.objectContaining({ kind: 'acceptance', rule: 'P2', dueDate: '2026-10-12', calendarProvisional: false })]);
  });

  it('P2: handling is due 60 calendar days after acceptance; a last day in a holiday rolls to the next working day', () => {
    const c = decideAcceptance(received({}, '2026-08-01T10:00:00+08:00'), { decision: 'accept' }, 'sup-1', at('2026-08-03T09:00:00+08:00'), calendar).state;
    // 2026-08-03 + 60 days = 2026-10-02, inside the National Day holiday → 2026-10-08.
    expect(c.deadlines.find((d) => d.kind === 'handling')).toMatchObject({ from: '2026-08-03', dueDate: '2026-10-08' });
    expect(c.deadlines.find((d) => d.kind === 'acceptance')?.metAt).toBe('2026-08-03T01:00:00.000Z');
  });

  it('P2: refusal needs one of the legal grounds, and a refused complaint is closed', () => {
    expect(Acceptance.safeParse({ decision: 'refuse', reasons: '不属于受理范围' }).success).toBe(false);
    expect(Acceptance.safeParse({ decision: 'refuse', ground: 'we-are-busy', reasons: '不属于受理范围' }).success).toBe(false);
    const cmd = Acceptance.parse({ decision: 'refuse', ground: 'legal-proceedings', reasons: '该纠纷已进入民事诉讼程序' });
    const d = decideAcceptance(received(), cmd, 'sup-1', at('2026-09-30T10:00:00+08:00'), calendar);
    expect(d.state).toMatchObject({ status: 'closed', outcome: 'refused', acceptance: { decision: 'refuse', ground: 'legal-proceedings' } });
    expect(d.events.map((e) => e.type)).toEqual(['ComplaintRefused', 'ComplaintClosed']);
  });

  it('P2: the handling period is extended once only, by at most 30 days, before it has run out', () => {
    const accepted = decideAcceptance(received(), { decision: 'accept' }, 'sup-1', at('2026-09-30T10:00:00+08:00'), calendar).state;
    expect(accepted.deadlines.find((d) => d.kind === 'handling')?.dueDate).toBe('2026-11-30');
    expect(code(() => extend(accepted, 31, '需要现场核查', 'sup-1', at('2026-11-01T10:00:00+08:00'), calendar))).toBe('COMPLAINT.EXTENSION_TOO_LONG');
    expect(code(() => extend(accepted, 30, '需要现场核查', 'sup-1', at('2026-12-01T10:00:00+08:00'), calendar))).toBe('COMPLAINT.EXTENSION_TOO_LATE');
    const once = extend(accepted, 30, '需要现场核查', 'sup-1', at('2026-11-20T10:00:00+08:00'), calendar);
    expect(once.state.deadlines.find((d) => d.kind === 'handling')).toMatchObject({ dueDate: '2026-12-30', extension: { days: 30, reason: '需要现场核查' } });
    expect(code(() => extend(once.state, 5, '再次延期', 'sup-1', at('2026-11-21T10:00:00+08:00'), calendar))).toBe('COMPLAINT.ALREADY_EXTENDED');
  });

  it('P2: the steps go in order accept → assign → findings → reply → callback, which closes it', () => {
    const now = at('2026-10-09T10:00:00+08:00');
    let c = received();
    expect(code(() => assign(c, 'insp-1', 'sup-1', now))).toBe('COMPLAINT.WRONG_STATE');
    c = decideAcceptance(c, { decision: 'accept' }, 'sup-1', now, calendar).state;
    expect(code(() => recordFindings(c, Findings.parse({ substantiated: false, facts: '经核查，已按时接电' }), 'insp-1', now))).toBe('COMPLAINT.WRONG_STATE');
    c = assign(c, 'insp-1', 'sup-1', now).state;
    c = recordFindings(c, Findings.parse({ substantiated: false, facts: '经核查，已按时接电' }), 'insp-1', now).state;
    expect(code(() => recordCallback(c, Callback.parse({ reached: true, satisfaction: 'satisfied' }), 'insp-1', now))).toBe('COMPLAINT.WRONG_STATE');
    c = reply(c, '经核查，供电公司已于规定时限内完成接电。', 'insp-1', now).state;
    expect(c.deadlines.find((d) => d.kind === 'handling')?.metAt).toBe(now.toISOString());
    const closed = recordCallback(c, Callback.parse({ reached: true, satisfaction: 'basically-satisfied' }), 'insp-1', now);
    expect(closed.state).toMatchObject({ status: 'closed', outcome: 'not-substantiated' });
    expect(closed.events.at(-1)).toEqual({ type: 'ComplaintClosed', data: { outcome: 'not-substantiated' } });
    expect(complaintIndex(closed.state).duepk).toBeUndefined();
  });

  it('P2: a consultation takes the short path — answered within 5 WD, which closes it', () => {
    const c = received({ type: 'consultation', businessArea: 'fees-and-prices' });
    expect(c.deadlines).toEqual([expect.objectContaining({ kind: 'answer' })]);
    expect(code(() => decideAcceptance(c, { decision: 'accept' }, 'sup-1', at('2026-09-30T10:00:00+08:00'), calendar))).toBe('COMPLAINT.WRONG_STATE');
    const d = reply(c, '居民阶梯电价按年度累计电量计算。', 'sup-1', at('2026-09-30T10:00:00+08:00'));
    expect(d.state).toMatchObject({ status: 'closed', outcome: 'answered' });
    expect(keptInTime(d.state.deadlines[0]!)).toBe(true);
  });

  it('P3: substantiated against a linked licensee it becomes a credit finding and may ask for a targeted inspection', () => {
    const now = at('2026-10-09T10:00:00+08:00');
    const assigned = (c: Complaint) => assign(decideAcceptance(c, { decision: 'accept' }, 'sup-1', now, calendar).state, 'insp-1', 'sup-1', now).state;
    const onLicensee = assigned(linked(received()));
    expect(code(() => recordFindings(onLicensee, Findings.parse({ substantiated: true, facts: '超时限接电属实' }), 'insp-1', now))).toBe(
      'COMPLAINT.SEVERITY_REQUIRED',
    );
    const d = recordFindings(
      onLicensee,
      Findings.parse({ substantiated: true, facts: '超时限接电属实', severity: 'serious', targetedInspection: true }),
      'insp-1',
      now,
    );
    expect(d.events.map((e) => e.type)).toEqual(['ComplaintFindingsRecorded', 'ComplaintSubstantiated', 'TargetedInspectionRequested']);
    expect(d.events[1]!.data).toEqual({
      uscc: USCC,
      severity: 'serious',
      facts: '超时限接电属实',
      decidedAt: '2026-10-09',
      sourceRef: 'complaint:HL20260929000001',
    });
    // Nobody to record against: no credit event, no inspection.
    const unlinked = assigned(recordLink(received(), { matched: false }).state);
    expect(recordFindings(unlinked, Findings.parse({ substantiated: true, facts: '情况属实' }), 'insp-1', now).events.map((e) => e.type)).toEqual([
      'ComplaintFindingsRecorded',
    ]);
    expect(code(() => recordFindings(unlinked, Findings.parse({ substantiated: true, facts: '情况属实', targetedInspection: true }), 'insp-1', now))).toBe(
      'COMPLAINT.NO_PARTY',
    );
  });

  it('X2: the sweep flags a period the day after its last day, once', () => {
    const c = received();
    expect(sweep(c, at('2026-10-12T23:00:00+08:00')).events).toEqual([]);
    const d = sweep(c, at('2026-10-13T00:10:00+08:00'));
    expect(d.events).toEqual([
      { type: 'DeadlineBreached', data: { kind: 'acceptance', rule: 'P2', dueDate: '2026-10-12', breachedOn: '2026-10-13', flaggedOn: '2026-10-13' } },
    ]);
    expect(sweep(d.state, at('2026-10-14T00:10:00+08:00')).events).toEqual([]);
    expect(complaintIndex(d.state).duepk).toBeUndefined();
  });
});

describe('notifications to the hotline (P1, P2)', () => {
  it('P2: attempts are recorded; a dead letter is listed until a delivery succeeds', () => {
    const now = at('2026-10-09T10:00:00+08:00');
    const failed = attemptFailed(undefined, 'HL1', 'closed', 'HTTP 503', now).state;
    const dead = deadLettered(failed, 'HL1', 'closed', 'HotlineDeliveryFailed', now);
    expect(dead.state).toMatchObject({ status: 'dead-lettered', attempts: [{ outcome: 'HTTP 503' }] });
    expect(notificationIndex(dead.state).gsi1pk).toBe('HOTLINE-OUT#DEAD-LETTERS');
    const ok = delivered(dead.state, 'HL1', 'closed', 'HTTP 200', now);
    expect(ok.state).toMatchObject({ status: 'delivered', attempts: [{ outcome: 'HTTP 503' }, { outcome: 'HTTP 200' }] });
    expect(ok.state.deadLetter).toBeUndefined();
    expect(notificationIndex(ok.state)).toEqual({});
  });

  it('P4: the closing notification carries the answer but never the complainant', async () => {
    const c = reply(
      received({ type: 'consultation', complainant: { name: '李四', contact: '13912345678' } }),
      '答复内容',
      'sup-1',
      at('2026-09-30T10:00:00+08:00'),
    ).state;
    const body = JSON.stringify(payloadOf(c, 'closed', at('2026-09-30T10:00:00+08:00')));
    expect(body).toContain('答复内容');
    expect(body).not.toMatch(/李四|13912345678|sealed/);
  });
});

describe('monthly statistics (P5)', () => {
  it('P5: counts by type, area, region, channel and outcome, and the on-time rates of ended periods', () => {
    const now = at('2026-10-09T10:00:00+08:00');
    const complaints = [
      received({ orderNo: 'HL-P5-0001' }),
      decideAcceptance(
        received({ orderNo: 'HL-P5-0002', channel: 'wechat', regionCode: '510104' }),
        Acceptance.parse({ decision: 'refuse', ground: 'outside-remit', reasons: '属于物价部门职责' }),
        'sup-1',
        now,
        calendar,
      ).state,
      reply(received({ orderNo: 'HL-P5-0003', type: 'consultation', businessArea: 'fees-and-prices' }), '已答复', 'sup-1', at('2026-10-20T10:00:00+08:00'))
        .state,
      sweep(received({ orderNo: 'HL-P5-0004', type: 'report' }), at('2026-10-13T01:00:00+08:00')).state,
    ];
    const s = monthlyStatistics('2026-09', complaints);
    expect(s).toMatchObject({
      month: '2026-09',
      total: 4,
      byType: { complaint: 2, consultation: 1, report: 1 },
      byBusinessArea: { connection: 3, 'fees-and-prices': 1 },
      byRegion: [
        { provinceCode: '35', agencyId: 'nea-fujian', count: 3 },
        { provinceCode: '51', agencyId: 'nea-sichuan', count: 1 },
      ],
      byChannel: { phone: 3, wechat: 1 },
      byOutcome: { refused: 1, answered: 1, open: 2, substantiated: 0, 'not-substantiated': 0 },
      // Acceptance: one kept (refused on 10-09), one missed (swept); the answer came after its 10-12 limit.
      onTime: { acceptance: { ended: 2, kept: 1, rate: 0.5 }, answer: { ended: 1, kept: 0, rate: 0 }, handling: { ended: 0, kept: 0, rate: null } },
    });
    expect(JSON.stringify(s)).not.toMatch(new RegExp(`HL-P5|${USCC}|未接电`));
  });
});

describe('cover for an absent handler (顶岗补位, 001 §(十))', () => {
  it('P2: a step by the colleague covering for the absent handler is a hand-over on the timeline, once; the handler stays assigned', () => {
    const accepted = decideAcceptance(received(), { decision: 'accept' }, 'sup-1', at('2026-09-30T10:00:00+08:00'), calendar).state;
    const assigned = assign(accepted, 'insp-1', 'sup-1', at('2026-09-30T11:00:00+08:00')).state;
    const found = coveredFor(
      recordFindings(assigned, { substantiated: false, facts: '经核查已接电', targetedInspection: false }, 'insp-2', at('2026-10-08T10:00:00+08:00')),
      'insp-2',
      at('2026-10-08T10:00:00+08:00'),
    );
    expect(found.events.map((e) => e.type)).toEqual(['ComplaintFindingsRecorded', 'ComplaintCovered']);
    expect(found.events.at(-1)!.data).toEqual({ handler: 'insp-1', coveredBy: 'insp-2' });
    expect(found.state.assignee!.staffId).toBe('insp-1');
    const replied = coveredFor(reply(found.state, '已接电，感谢监督', 'insp-2', at('2026-10-09T10:00:00+08:00')), 'insp-2', at('2026-10-09T10:00:00+08:00'));
    expect(replied.events.map((e) => e.type)).not.toContain('ComplaintCovered');
    // The handler acting themselves is no hand-over.
    expect(
      coveredFor(reply(found.state, '已接电', 'insp-1', at('2026-10-09T10:00:00+08:00')), 'insp-1', at('2026-10-09T10:00:00+08:00')).events.map((e) => e.type),
    ).not.toContain('ComplaintCovered');
  });
});
