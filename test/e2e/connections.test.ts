import { PDFDocument } from 'pdf-lib';
import { type Harness, useHarness } from '../support/local-platform';

/** Getting electricity through the local runtime: grid companies report, supervisors read the checks and the report. */
describe('getting electricity end to end', () => {
  let h: Harness;
  let grid: string;
  let supervisor: string;
  const run = `${Date.now().toString(36)}`;
  useHarness((started) => (h = started));
  beforeAll(async () => {
    grid = await h.token({ role: 'grid', companyId: 'sgcc-fj' });
    supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian' });
  });
  const row = (no: string, o: Record<string, unknown> = {}) => ({
    gridCaseNo: `${run}-${no}`,
    customerCategory: 'low-voltage-non-residential',
    threeZeros: false,
    smallMicro: true,
    capacityKw: 100,
    regionCode: '350102',
    areaType: 'urban',
    appliedAt: '2026-03-02T09:00:00+08:00',
    ...o,
  });

  it('G1–G7: a batch with good and bad rows, milestones as they happen, violations named, the half-year report as JSON, CSV and PDF', async () => {
    await h.setClock('2026-03-02T10:00:00+08:00');
    const batch = await h.http('POST', '/v1/connections:batch', {
      token: grid,
      body: { cases: [row('1'), row('2'), { ...row('3'), customerCategory: 'medium-voltage' }, row('4', { regionCode: '510100' }), row('1')] },
    });
    expect(batch.status).toBe(200);
    expect(batch.json).toMatchObject({ created: 2, failed: 3 });
    expect(batch.json!.results).toEqual([
      { index: 0, id: `sgcc-fj.${run}-1`, status: 201 },
      { index: 1, id: `sgcc-fj.${run}-2`, status: 201 },
      expect.objectContaining({
        index: 2,
        status: 400,
        code: 'REQUEST.INVALID',
        errors: [expect.objectContaining({ path: '$.body.cases[2].customerCategory' })],
      }),
      expect.objectContaining({ index: 3, status: 422, code: 'CONNECTION.OUTSIDE_SERVICE_AREA' }),
      expect.objectContaining({ index: 4, status: 409, code: 'CONNECTION.DUPLICATE_IN_BATCH' }),
    ]);

    const id1 = `sgcc-fj.${run}-1`;
    const id2 = `sgcc-fj.${run}-2`;
    await h.http('POST', `/v1/connections/${id1}/milestones`, {
      token: grid,
      body: { step: 'application', at: '2026-03-02T09:00:00+08:00', materialsRequested: ['user-id', 'property-document'] },
    });
    await h.http('POST', `/v1/connections/${id2}/milestones`, {
      token: grid,
      body: {
        step: 'application',
        at: '2026-03-02T09:00:00+08:00',
        materialsRequested: ['user-id', 'business-plan'],
        charges: [{ item: '表计费', amountCny: 500 }],
      },
    });
    await h.setClock('2026-03-05T16:00:00+08:00');
    expect((await h.http('POST', `/v1/connections/${id1}/power-on`, { token: grid, body: { at: '2026-03-05T15:00:00+08:00' } })).json).toMatchObject({
      status: 'powered',
      half: '2026H1',
      violations: [],
    });
    await h.setClock('2026-03-12T16:00:00+08:00');
    const late = await h.http('POST', `/v1/connections/${id2}/power-on`, { token: grid, body: { at: '2026-03-12T15:00:00+08:00' } });
    expect((late.json!.violations as { rule: string }[]).map((v) => v.rule).sort()).toEqual(['G1', 'G3', 'G4']);
    expect(
      (await h.http('POST', `/v1/connections/${id2}/milestones`, { token: grid, body: { step: 'completion-inspection', at: '2026-03-12T15:00:00+08:00' } }))
        .json,
    ).toMatchObject({ status: 409, code: 'CONNECTION.POWERED' });

    const flagged = await h.http('GET', '/v1/connections?company=sgcc-fj&violations=true&limit=100', { token: supervisor });
    expect((flagged.json!.items as { id: string }[]).map((c) => c.id)).toContain(id2);
    expect((flagged.json!.items as { id: string }[]).map((c) => c.id)).not.toContain(id1);
    expect((await h.http('GET', `/v1/connections/${id2}`, { token: supervisor })).json!.violations).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'G1', figure: 8, limit: 6 })]),
    );

    await h.http('POST', '/v1/reliability', { token: grid, body: { year: 2026, areaType: 'rural', avgOutageHours: 16, previousYearHours: 18 } });
    const report = await h.http('GET', '/v1/reports/connections?company=sgcc-fj&half=2026H1', { token: supervisor });
    expect(report.json).toMatchObject({ companyId: 'sgcc-fj', half: '2026H1', reliability: [expect.objectContaining({ areaType: 'rural', meets: true })] });
    expect((report.json!.byCategory as Record<string, { count: number }>)['low-voltage-non-residential']!.count).toBeGreaterThanOrEqual(2);
    const csv = await fetch(`${h.p.apiUrl}/v1/reports/connections?company=sgcc-fj&half=2026H1&format=csv`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/^group,count,avgWorkingDays/);
    const pdf = await fetch(`${h.p.apiUrl}/v1/reports/connections?company=sgcc-fj&half=2026H1&format=pdf`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getPageCount()).toBeGreaterThanOrEqual(1);
    // G7 from counters: what the writes kept is what a rebuild from the half's cases computes, p90 and distribution included.
    const admin = await h.token({ role: 'admin' });
    const rebuilt = await h.http('POST', '/v1/operations/tallies/rebuild', { token: admin, body: { key: 'CONNECTIONS#sgcc-fj#2026H1' } });
    expect(rebuilt.json).toMatchObject({ key: 'CONNECTIONS#sgcc-fj#2026H1', differed: false });
    expect((await h.http('GET', '/v1/reports/connections?company=sgcc-fj&half=2026H1', { token: supervisor })).json).toEqual(report.json);
  });

  it("scopes: a grid company sees only its own cases; supervisors only companies in their agency's provinces", async () => {
    const other = await h.token({ role: 'grid', companyId: 'sgcc-sc' });
    expect((await h.http('GET', `/v1/connections/sgcc-fj.${run}-1`, { token: other })).status).toBe(403);
    const south = await h.token({ role: 'supervisor', agencyId: 'nea-south' });
    expect((await h.http('GET', '/v1/reports/connections?company=sgcc-fj&half=2026H1', { token: south })).status).toBe(403);
    expect((await h.http('GET', '/v1/reports/connections?company=sgcc-fj&half=2026H3', { token: supervisor })).json).toMatchObject({
      status: 400,
      errors: [{ path: '$.query.half' }],
    });
  });

  it('G8: outage hours are bounded to a year and kept to what the table stores: 1e200 is a 400, 5e-324 is stored as 0, never a 500', async () => {
    for (const hours of [1e200, 1e308, 8785, -1]) {
      const r = await h.http('POST', '/v1/reliability', { token: grid, body: { year: 2025, areaType: 'urban', avgOutageHours: hours } });
      expect([hours, r.status, r.json?.code]).toEqual([hours, 400, 'REQUEST.INVALID']);
    }
    for (const hours of [1e-200, 5e-324]) {
      const r = await h.http('POST', '/v1/reliability', { token: grid, body: { year: 2025, areaType: 'urban', avgOutageHours: hours } });
      const stored = (r.json as { areas: { areaType: string; avgOutageHours: number }[] }).areas.find((a) => a.areaType === 'urban');
      expect([hours, r.status, stored?.avgOutageHours]).toEqual([hours, 201, 0]);
    }
  });
});
