import { parse } from 'csv-parse/sync';
import type { PublicDecision } from '../../functions/licensing/domain/publication';
import {
  candidateKeys,
  MAX_NAME_PAIRS,
  matchesQuery,
  namePairs,
  registerCsv,
  registerEntry,
  registerKey,
  registerTally,
} from '../../functions/licensing/domain/register';

const decision: PublicDecision = {
  caseId: 'AP20261101K7Q2M9XD',
  matterId: 'facility-install-l3.new',
  matter: '承装（修、试）电力设施许可证 新申请',
  enterprise: { name: 'Ｆｕｊｉａｎ 闽电 Power 有限公司', uscc: '91350100M000100Y43', regionCode: '350100' },
  licenseClass: 'facility-install',
  level: 3,
  licenseNo: 'FI3-FJ-2026-0000177',
  outcome: 'grant',
  decidedAt: '2026-11-30T16:30:00.000Z',
  publishedAt: '2026-12-01T02:00:00.000Z',
  agency: { id: 'nea-fujian', name: '福建能源监管办' },
  path: 'commitment',
};

describe('the register search lists (L9)', () => {
  it('L9: names are searched by pairs of adjacent characters, after full-width forms, spaces and case are evened out', () => {
    expect(namePairs('闽电工程有限公司')).toEqual(['闽电', '电工', '工程', '程有', '有限', '限公', '公司']);
    expect(namePairs('Ｆｕ ＪＩ')).toEqual(['fu', 'uj', 'ji']);
    expect(namePairs('公司公司')).toEqual(['公司', '司公']);
    expect(namePairs('闽')).toEqual([]);
    const long = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(namePairs(long)).toHaveLength(MAX_NAME_PAIRS);
  });

  it('L9: a decision is on the lists of its class, province, credit code, licence number and name pairs, each an entry with its count', () => {
    const tallies = registerTally(decision);
    const keys = [...new Set(tallies.map((t) => t.key))];
    expect(keys).toEqual([
      registerKey.licenseClass('facility-install'),
      registerKey.province('35'),
      registerKey.uscc('91350100M000100Y43'),
      registerKey.licenseNo('FI3-FJ-2026-0000177'),
      ...namePairs(decision.enterprise.name).map(registerKey.namePair),
    ]);
    for (const key of keys) {
      const ofKey = tallies.filter((t) => t.key === key);
      expect(ofKey.filter((t) => t.entry).map((t) => t.counts)).toEqual([{ [`decisions:${JSON.stringify(registerEntry(decision))}`]: 1 }]);
      expect(ofKey.filter((t) => !t.entry).map((t) => t.counts)).toEqual([{ 'count:decisions': 1 }]);
    }
    // Entries start with the publication instant: a list is read by period.
    expect(JSON.stringify(registerEntry(decision))).toMatch(/^\{"at":"2026-12-01T02:00:00.000Z","caseId":/);
  });

  it('L9: a query names the lists that hold all its answers, and an entry matches it only when every part does', () => {
    expect(candidateKeys({})).toEqual([]);
    expect(candidateKeys({ name: '闽电工', province: '35' })).toEqual([registerKey.province('35'), registerKey.namePair('闽电'), registerKey.namePair('电工')]);
    const e = registerEntry(decision);
    expect(matchesQuery(e, { name: '闽电 power', licenseClass: 'facility-install', province: '35' })).toBe(true);
    expect(matchesQuery(e, { name: '闽电电' })).toBe(false);
    expect(matchesQuery(e, { province: '33' })).toBe(false);
    expect(matchesQuery(e, { uscc: '91350100M000100Y43', licenseNo: 'FI3-FJ-2026-0000177' })).toBe(true);
  });

  it('L9: the CSV names its columns in Chinese, dates on the Shanghai calendar, and defuses cells a spreadsheet would run', () => {
    const csv = registerCsv([decision, { ...decision, enterprise: { ...decision.enterprise, name: '=HYPERLINK("http://x","闽电")' } }]);
    expect(csv.startsWith('\ufeff公示日期,决定日期,企业名称')).toBe(true);
    const rows = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    expect(rows[1]).toEqual([
      '2026-12-01',
      '2026-12-01',
      'Ｆｕｊｉａｎ 闽电 Power 有限公司',
      '91350100M000100Y43',
      '承装（修、试）电力设施许可证（承装类）',
      '3',
      'FI3-FJ-2026-0000177',
      '承装（修、试）电力设施许可证 新申请',
      '告知承诺',
      '福建能源监管办',
      'AP20261101K7Q2M9XD',
    ]);
    expect(rows[2]![2]).toBe(`'=HYPERLINK("http://x","闽电")`);
  });
});
