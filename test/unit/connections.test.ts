import { WorkingDayCalendar } from '../../functions/platform/calendar';
import { type Connection, halfOf, openConnection, powerOn, recordMilestone } from '../../functions/connections/domain/connection';
import { connectionReport, reportCsv } from '../../functions/connections/domain/report';
import { renderReportPdf } from '../../functions/connections/report.render';
import { pdfPageTexts } from '../support/pdf-qr';
import { type CaseFacts, type Milestone, reliabilityVerdict, rulesFor, totalWorkingDays, violationsOf } from '../../functions/connections/domain/rules';

const cal = new WorkingDayCalendar();
const ms = (step: Milestone['step'], at: string, o: Partial<Milestone> = {}): Milestone => ({
  step,
  at,
  recordedAt: at,
  materialsRequested: [],
  charges: [],
  ...o,
});
const facts = (o: Partial<CaseFacts> = {}): CaseFacts => ({
  category: 'low-voltage-non-residential',
  threeZeros: false,
  smallMicro: false,
  capacityKw: 50,
  regionCode: '350102',
  appliedAt: '2026-11-02T09:00:00+08:00',
  milestones: [
    ms('application', '2026-11-02T09:00:00+08:00', { materialsRequested: ['user-id', 'property-document'] }),
    ms('completion-inspection', '2026-11-05T09:00:00+08:00'),
  ],
  powerOnAt: '2026-11-06T15:00:00+08:00',
  ...o,
});
const rules = (f: CaseFacts) => violationsOf(f, cal).map((v) => v.rule);

describe('getting electricity rules', () => {
  it('G1: a low-voltage case within 6 WD complies; one taking 7 WD is a violation naming the figure and limit', () => {
    expect(rules(facts())).toEqual([]);
    const late = violationsOf(facts({ powerOnAt: '2026-11-11T10:00:00+08:00' }), cal);
    expect(late).toEqual([expect.objectContaining({ rule: 'G1', figure: 7, limit: 6 })]);
  });

  it('G1: the three-zeros limit is 10 WD for cases applied in 2021 and 7 WD from 2022', () => {
    const threeZeros = (applied: string, poweredOn: string) =>
      facts({ threeZeros: true, appliedAt: applied, milestones: [ms('application', applied)], powerOnAt: poweredOn });
    expect(rulesFor('2021-06-01', '350102').totalWorkingDays['low-voltage-non-residential-three-zeros']).toBe(10);
    expect(rulesFor('2022-03-01', '350102').totalWorkingDays['low-voltage-non-residential-three-zeros']).toBe(7);
    // 9 WD: fine in 2021, a violation in 2022.
    expect(rules(threeZeros('2021-06-07T09:00:00+08:00', '2021-06-18T09:00:00+08:00'))).toEqual([]);
    expect(violationsOf(threeZeros('2022-03-07T09:00:00+08:00', '2022-03-18T09:00:00+08:00'), cal)).toEqual([
      expect.objectContaining({ rule: 'G1', figure: 9, limit: 7 }),
    ]);
  });

  it('G1: working days skip the Spring Festival', () => {
    // Applied Fri 13 Feb 2026; 14 Feb is a make-up working day; 15–23 Feb are holidays; powered on Wed 25 Feb.
    expect(totalWorkingDays(facts({ appliedAt: '2026-02-13T09:00:00+08:00', powerOnAt: '2026-02-25T09:00:00+08:00' }), cal)).toBe(3);
  });

  it('G2: at most 2 steps at low voltage; high-voltage single supply has no design review or mid-inspection', () => {
    const three = facts({ milestones: [...facts().milestones, ms('mid-inspection', '2026-11-04T09:00:00+08:00')] });
    expect(violationsOf(three, cal).filter((v) => v.rule === 'G2')).toEqual([expect.objectContaining({ figure: 3, limit: 2 })]);
    const hv = facts({
      category: 'high-voltage-single',
      milestones: [
        ms('application', '2026-11-02T09:00:00+08:00'),
        ms('design-review', '2026-11-03T09:00:00+08:00'),
        ms('completion-inspection', '2026-11-05T09:00:00+08:00'),
      ],
    });
    expect(violationsOf(hv, cal).filter((v) => v.rule === 'G2')).toEqual([expect.objectContaining({ figure: 'design-review' })]);
    expect(rules(facts({ category: 'high-voltage-dual', milestones: hv.milestones }))).not.toContain('G2');
  });

  it("G3: only the materials of the step's list may be asked", () => {
    const extra = facts({
      milestones: [ms('application', '2026-11-02T09:00:00+08:00', { materialsRequested: ['user-id', 'property-document', 'electricity-commitment-letter'] })],
    });
    expect(violationsOf(extra, cal)).toEqual([expect.objectContaining({ rule: 'G3', figure: 'electricity-commitment-letter' })]);
    expect(
      rules(
        facts({
          category: 'high-voltage-dual',
          milestones: [ms('application', '2026-11-02T09:00:00+08:00', { materialsRequested: ['user-id', 'project-approval'] })],
        }),
      ),
    ).not.toContain('G3');
  });

  it('G4: a small/micro business of ≤ 160 kW connects at low voltage and pays nothing', () => {
    expect(rules(facts({ smallMicro: true, capacityKw: 160 }))).toEqual([]);
    const charged = facts({
      smallMicro: true,
      capacityKw: 100,
      milestones: [ms('application', '2026-11-02T09:00:00+08:00', { charges: [{ item: '计量装置费', amountCny: 800 }] })],
    });
    expect(violationsOf(charged, cal)).toEqual([expect.objectContaining({ rule: 'G4', figure: 800, limit: 0 })]);
    expect(rules(facts({ smallMicro: true, capacityKw: 150, category: 'high-voltage-single' }))).toContain('G4');
    expect(rules(facts({ smallMicro: true, capacityKw: 200, milestones: charged.milestones }))).not.toContain('G4');
  });

  it('G5: no planning permit for short lines, none for construction below 1,000,000 CNY, other permits answered within 4 WD', () => {
    const line = (o: object) =>
      facts({
        category: 'high-voltage-dual',
        milestones: [
          ms('application', '2026-11-02T09:00:00+08:00', {
            externalLine: { voltage: 'high', lengthM: 400, roadDigM: 20, investmentCny: 500_000, permits: [], ...o },
          }),
        ],
      });
    expect(rules(line({}))).not.toContain('G5');
    expect(rules(line({ permits: [{ type: 'planning', appliedAt: '2026-11-02T09:00:00+08:00' }] }))).toContain('G5');
    expect(rules(line({ lengthM: 600, permits: [{ type: 'planning', appliedAt: '2026-11-02T09:00:00+08:00' }] }))).not.toContain('G5');
    expect(rules(line({ permits: [{ type: 'construction', appliedAt: '2026-11-02T09:00:00+08:00' }] }))).toContain('G5');
    const slow = violationsOf(
      line({ permits: [{ type: 'road-occupation', appliedAt: '2026-11-02T09:00:00+08:00', answeredAt: '2026-11-09T09:00:00+08:00' }] }),
      cal,
    );
    expect(slow.filter((v) => v.rule === 'G5')).toEqual([expect.objectContaining({ figure: 5, limit: 4 })]);
  });

  it('G6: a milestone recorded more than 1 WD after it happened, or out of order, is flagged as back-filled', () => {
    const late = facts({ milestones: [ms('application', '2026-11-02T09:00:00+08:00', { recordedAt: '2026-11-05T09:00:00.000Z' })] });
    expect(violationsOf(late, cal)).toEqual([expect.objectContaining({ rule: 'G6', figure: 3, limit: 1 })]);
    const reordered = facts({ milestones: [ms('completion-inspection', '2026-11-05T09:00:00+08:00'), ms('application', '2026-11-02T09:00:00+08:00')] });
    expect(rules(reordered)).toContain('G6');
    expect(rules(facts({ milestones: [ms('application', '2026-11-02T09:00:00+08:00', { recordedAt: '2026-11-03T10:00:00.000Z' })] }))).not.toContain('G6');
  });

  it("G8: outage hours meet the area's target or an 8% cut on the year before", () => {
    expect(reliabilityVerdict('urban', 4.5)).toMatchObject({ target: 5, meets: true });
    expect(reliabilityVerdict('rural', 16)).toMatchObject({ target: 15, meets: false });
    expect(reliabilityVerdict('rural', 16, 18)).toMatchObject({ meets: true, yearOnYearCut: 0.111 });
    expect(reliabilityVerdict('town', 10, 10.5)).toMatchObject({ meets: false });
  });
});

describe('the half-yearly report (G7)', () => {
  // Each step reported as it happens (an hour later), so nothing is back-filled.
  const soon = (iso: string) => new Date(Date.parse(iso) + 3600_000);
  const make = (
    no: string,
    category: Connection['customerCategory'],
    applied: string,
    powered: string,
    o: { smallMicro?: boolean; materials?: string[]; charge?: number } = {},
  ): Connection => {
    let c = openConnection(
      undefined,
      'sgcc-fj',
      {
        gridCaseNo: no,
        customerCategory: category,
        threeZeros: false,
        smallMicro: o.smallMicro ?? false,
        capacityKw: 100,
        regionCode: '350102',
        areaType: 'urban',
        appliedAt: applied,
      },
      soon(applied),
      cal,
    ).state;
    c = recordMilestone(
      c,
      { step: 'application', at: applied, materialsRequested: o.materials ?? ['user-id'], charges: o.charge ? [{ item: 'fee', amountCny: o.charge }] : [] },
      soon(applied),
      cal,
    ).state;
    return powerOn(c, powered, soon(powered), cal).state;
  };

  it('G7: the report as a PDF names who reports to whom and when, the categories and rules in Chinese, and numbers its pages', async () => {
    const cases = [
      make('A1', 'low-voltage-non-residential', '2026-03-02T09:00:00+08:00', '2026-03-05T09:00:00+08:00'),
      make('A2', 'low-voltage-non-residential', '2026-03-02T09:00:00+08:00', '2026-03-12T09:00:00+08:00'),
      make('B1', 'high-voltage-single', '2026-06-01T09:00:00+08:00', '2026-06-15T09:00:00+08:00'),
    ];
    const r = connectionReport('sgcc-fj', '2026H1', cases, [], cal);
    const pdf = await renderReportPdf(r, {
      companyName: '国网福建省电力有限公司',
      authorityName: '国家能源局福建监管办公室',
      generatedAt: new Date('2026-07-02T01:00:00Z'),
    });
    const pages = await pdfPageTexts(pdf);
    const all = pages.join('\n');
    for (const words of [
      '“获得电力”监管报告（2026年上半年）',
      '报送对象：国家能源局福建监管办公室',
      '2026/07/02 09:00',
      '低压非居民用户',
      '高压单电源用户',
      '办电时限',
      '节点记录',
    ])
      expect([words, all.includes(words)]).toEqual([words, true]);
    // Every page numbered, and none of them a leftover: each page holds more than its footer.
    pages.forEach((text, i) => expect(text).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
    expect(pages.every((text) => text.trim().split('\n').length > 3)).toBe(true);
  });

  it('G7: figures per category and for small/micro businesses, computed by hand', () => {
    // Low voltage: 3, 5 and 8 WD; high-voltage single: 10 WD (June 2026 has the Dragon Boat holiday on 19 Jun).
    const cases = [
      make('A1', 'low-voltage-non-residential', '2026-03-02T09:00:00+08:00', '2026-03-05T09:00:00+08:00', { smallMicro: true }),
      make('A2', 'low-voltage-non-residential', '2026-03-02T09:00:00+08:00', '2026-03-09T09:00:00+08:00', { materials: ['user-id', 'property-document'] }),
      make('A3', 'low-voltage-non-residential', '2026-03-02T09:00:00+08:00', '2026-03-12T09:00:00+08:00', { smallMicro: true, charge: 300 }),
      make('B1', 'high-voltage-single', '2026-06-01T09:00:00+08:00', '2026-06-15T09:00:00+08:00', {
        materials: ['user-id', 'project-approval', 'unlisted-form'],
      }),
    ];
    expect(cases.map((c) => c.half)).toEqual(['2026H1', '2026H1', '2026H1', '2026H1']);
    const r = connectionReport('sgcc-fj', '2026H1', cases, [{ year: 2026, areaType: 'urban', avgOutageHours: 4.2 }], cal);
    expect(r.byCategory['low-voltage-non-residential']).toMatchObject({
      count: 3,
      avgWorkingDays: 5.33,
      p90WorkingDays: 8,
      avgSteps: 1,
      avgMaterials: 1.33,
      avgCostCny: 100,
      limit: 6,
      // The distribution, one entry per number of days: the answer does not grow with the cases.
      histogram: [
        { workingDays: 3, cases: 1 },
        { workingDays: 5, cases: 1 },
        { workingDays: 8, cases: 1 },
      ],
    });
    expect(r.byCategory['high-voltage-single']).toMatchObject({ count: 1, avgWorkingDays: 10, p90WorkingDays: 10, avgMaterials: 3, avgCostCny: 0, limit: 16 });
    expect(r.smallMicro).toMatchObject({ count: 2, avgWorkingDays: 5.5, avgCostCny: 150 });
    expect(r.violations).toEqual({ G1: 1, G3: 1, G4: 1 });
    expect(r.reliability).toEqual([{ year: 2026, areaType: 'urban', hours: 4.2, target: 5, meets: true }]);
    const csv = reportCsv(r);
    expect(csv.split('\r\n')[0]).toBe('group,count,avgWorkingDays,p90WorkingDays,avgSteps,avgMaterials,avgCostCny,limitWorkingDays');
    expect(csv).toContain('low-voltage-non-residential,3,5.33,8,1,1.33,100,6\r\n');
    expect(csv).toContain('G1,1\r\n');
    expect(halfOf('2026-07-01')).toBe('2026H2');
  });
});
