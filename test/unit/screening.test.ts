import type { License } from '../../functions/licensing/domain/license';
import { maskPerson, type Person, raise, screen, sweepWarnings, type Warnings } from '../../functions/supervision/domain/screening';
import { warningsIndex } from '../../functions/supervision/indexes';

const license = (o: Partial<License> = {}): License => ({
  licenseNo: 'FI3-FJ-2026-000001',
  version: 1,
  status: 'valid',
  holder: { uscc: '91350100M000100Y43', name: '测试', regionCode: '350100' },
  agencyId: 'nea-fujian',
  licenseClass: 'facility-install',
  level: 3,
  scope: '承装三级',
  validFrom: '2024-01-01',
  validUntil: '2030-01-01',
  issuedAt: '2024-01-01T00:00:00Z',
  caseIds: [],
  path: 'standard',
  ...o,
});
const people = (post: string, n: number, o: Partial<Person> = {}): Person[] =>
  Array.from({ length: n }, (_, i) => ({ name: `张${i}`, post, qualification: '电工证', certificateNo: `CERT${1000 + i}`, ...o }));
const staffed = {
  uscc: '91350100M000100Y43',
  agencyId: 'nea-fujian',
  units: [],
  updatedAt: '',
  personnel: [...people('technical-lead', 1), ...people('engineer', 3), ...people('electrician', 20)],
};
const TODAY = '2026-11-01';
const snap = (state: Warnings) => ({ stream: 'WARNINGS#x', version: 1, lastHash: '', updatedAt: '', state });

describe('license-condition screening (S6)', () => {
  it('S6: a register that meets the class and level conditions raises nothing; one electrician short is a rectification order with a deadline', () => {
    expect(screen([license()], staffed, TODAY)).toEqual([]);
    const short = { ...staffed, personnel: staffed.personnel.slice(0, -1) };
    expect(screen([license()], short, TODAY)).toEqual([
      expect.objectContaining({
        kind: 'personnel-shortfall',
        subject: 'FI3-FJ-2026-000001',
        deadline: '2026-12-01',
        detail: expect.objectContaining({ shortfall: { electrician: { required: 20, qualified: 19 } } }),
      }),
    ]);
  });

  it('S6: an expired certificate does not count', () => {
    const expired = {
      ...staffed,
      personnel: [...people('technical-lead', 1), ...people('engineer', 3, { certificateValidUntil: '2026-10-31' }), ...people('electrician', 20)],
    };
    expect(screen([license()], expired, TODAY)[0]?.detail).toMatchObject({ shortfall: { engineer: { required: 3, qualified: 0 } } });
  });

  it('S6: a licence expiring in 89 or 90 days gets a renewal reminder; in 91 days not yet', () => {
    const kinds = (validUntil: string) => screen([license({ validUntil })], staffed, TODAY).map((w) => w.kind);
    expect(kinds('2027-01-29')).toEqual(['renewal-reminder']); // 89 days
    expect(kinds('2027-01-30')).toEqual(['renewal-reminder']); // 90 days
    expect(kinds('2027-01-31')).toEqual([]); // 91 days
  });

  it('S6: a generating unit within two years of the end of its design life gets a safety-assessment reminder', () => {
    const gen = license({ licenseNo: 'PG-FJ-2026-000002', licenseClass: 'power-generation', level: undefined });
    const units = [
      { unitId: 'G1', capacityMw: 300, commissionedOn: '1998-06-01', designLifeYears: 30 },
      { unitId: 'G2', capacityMw: 600, commissionedOn: '2010-06-01', designLifeYears: 30 },
    ];
    expect(screen([gen], { ...staffed, personnel: [], units }, TODAY).map((w) => [w.kind, w.subject])).toEqual([['safety-assessment-reminder', 'G1']]);
  });

  it('S6: a warning is raised once per subject and month', () => {
    const found = screen([license({ validUntil: '2027-01-29' })], staffed, TODAY);
    const first = raise(undefined, staffed.uscc, 'nea-fujian', found, TODAY);
    expect(first.events).toHaveLength(1);
    expect(raise(snap(first.state), staffed.uscc, 'nea-fujian', found, TODAY).events).toEqual([]);
  });

  it('S6 X2: a personnel rectification order stays open, one per licence, is flagged the day after its deadline, and is resolved when a screening finds the conditions met', () => {
    const short = { ...staffed, personnel: staffed.personnel.slice(0, -1) };
    const first = raise(undefined, staffed.uscc, 'nea-fujian', screen([license()], short, TODAY), TODAY);
    expect(warningsIndex(first.state).duesk).toBe('2026-12-01#WARNINGS#91350100M000100Y43');
    // Next month still short: the open order stands, no second one.
    expect(raise(snap(first.state), staffed.uscc, 'nea-fujian', screen([license()], short, '2026-12-01'), '2026-12-01').events).toEqual([]);
    expect(sweepWarnings(first.state, new Date('2026-12-01T23:00:00+08:00')).events).toEqual([]);
    const late = sweepWarnings(first.state, new Date('2026-12-02T00:10:00+08:00'));
    expect(late.events).toEqual([{ type: 'RectificationOverdue', data: expect.objectContaining({ deadline: '2026-12-01', flaggedOn: '2026-12-02' }) }]);
    expect(warningsIndex(late.state).duesk).toBeUndefined();
    const met = raise(snap(late.state), staffed.uscc, 'nea-fujian', screen([license()], staffed, '2027-01-01'), '2027-01-01');
    expect(met.events.map((e) => e.type)).toEqual(['PersonnelShortfallResolved']);
    expect(met.state.warnings[0]).toMatchObject({ overdueOn: '2026-12-02', resolvedOn: '2027-01-01' });
  });

  it('S6: personal data of the register is masked for those who may not see it whole', () => {
    expect(maskPerson({ name: '王小明', post: 'engineer', qualification: '高级工程师', certificateNo: 'ZJ2020123456' })).toEqual({
      name: '王**',
      post: 'engineer',
      qualification: '高级工程师',
      certificateNo: '****3456',
    });
  });
});
