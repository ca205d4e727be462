import { guideConfig, MATTER_KINDS, matterById, matters } from '../../functions/licensing/domain/guide';
import { licenseNamed } from '../../functions/licensing/domain/license';

describe('service guide (L3)', () => {
  it('L3: lists every matter: 4 kinds × (3 power-business classes + 3 facility classes × 5 levels)', () => {
    expect(matters).toHaveLength(4 * (3 + 3 * 5));
    expect(new Set(matters.map((m) => m.matterId)).size).toBe(matters.length);
  });

  it('L3: the fee of every matter is 0 (Admin. Licensing Law Art. 58)', () => {
    expect(matters.every((m) => m.feeCny === 0)).toBe(true);
  });

  it('L3: a new facility-install level-3 application requires the class materials plus the form', () => {
    const m = matterById('facility-install-l3.new')!;
    expect(m.materials.map((x) => x.materialType)).toEqual([
      'application-form',
      'business-license',
      'financial-report',
      'safety-management-system',
      'personnel-roster',
      'personnel-qualifications',
      'equipment-list',
    ]);
    expect(m.licenseValidityYears).toBe(6);
    expect(m.timeLimits.acceptanceWorkingDays.value).toBe(5);
    expect(m.timeLimits.decisionWorkingDays.value).toBe(20);
  });

  it('L3: renewal carries the 30-day lead time (Art. 50); cancellation has no conditions', () => {
    expect(matterById('power-generation.renewal')!.timeLimits.renewalLeadDays?.value).toBe(30);
    expect(matterById('power-generation.new')!.timeLimits.renewalLeadDays).toBeUndefined();
    expect(matterById('power-supply.cancellation')!.conditions).toEqual([]);
  });

  it('L3: every material a matter asks for is defined in the guide', () => {
    const known = new Set(Object.keys(guideConfig.materialTypes));
    for (const m of matters) for (const mat of m.materials) expect(known.has(mat.materialType)).toBe(true);
  });

  it('L3: one table of matter kinds: each kind the guide names has its rules, and only kinds acting on a license name one', () => {
    expect(Object.keys(guideConfig.matterKinds).sort()).toEqual(Object.keys(MATTER_KINDS).sort());
    const renewal = matterById('power-generation.renewal')!;
    const fresh = matterById('power-generation.new')!;
    expect(licenseNamed(fresh, undefined)).toBeUndefined();
    expect(() => licenseNamed(fresh, 'G-FJ-2026-0000420')).toThrow(expect.objectContaining({ code: 'APPLICATION.LICENSE_NO_UNEXPECTED' }));
    expect(() => licenseNamed(renewal, undefined)).toThrow(expect.objectContaining({ code: 'APPLICATION.LICENSE_NO_REQUIRED' }));
    expect(() => licenseNamed(renewal, 'G-FJ-2026-0000420')).toThrow(expect.objectContaining({ code: 'APPLICATION.BAD_LICENSE_NO' }));
    for (const m of matters) expect(m.conditions.length > 0).toBe(MATTER_KINDS[m.kind].conditionsApply);
  });
});
