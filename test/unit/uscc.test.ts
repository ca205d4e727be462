import { confirmRelocation, registerEnterprise, requestRelocation, supervisingRegion } from '../../functions/enterprises/domain/enterprise';
import { isValidUscc, NATIONAL_AUTHORITY_REGION, registrationAuthorityRegion, Uscc, usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import type { DomainError } from '../../functions/platform/errors';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes whose check character matches', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91440300708461136T')).toBe(true);
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, forbidden letters and the wrong length', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100YI3')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
  });

  it('normalises case and whitespace and names the problem', () => {
    expect(Uscc.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    const r = Uscc.safeParse('91350100M000100Y44');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/check character/);
  });
});

describe('the supervising region comes from the credit code (no agency shopping, ADR 0014)', () => {
  const fujian = '91350100M000100Y43'; // registration authority 350100, Fuzhou
  const national = (() => {
    const first17 = '91100000MA0000001';
    return first17 + usccCheckCharacter(first17);
  })();
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as DomainError).code;
    }
    return 'accepted';
  };

  it('characters 3–8 name the registration authority; by default the enterprise is supervised there', () => {
    expect(registrationAuthorityRegion(fujian)).toBe('350100');
    expect(supervisingRegion(fujian, undefined)).toEqual({ regionCode: '350100', regionSource: 'credit-code' });
    // A seat in another city or county of the same province: kept, the same agency.
    expect(supervisingRegion(fujian, '350203')).toEqual({ regionCode: '350203', regionSource: 'credit-code' });
  });

  it('a declared region in another province is refused, even one the same agency covers', () => {
    expect(code(() => supervisingRegion(fujian, '110105'))).toBe('ENTERPRISE.REGION_MISMATCH');
    // Beijing, Tianjin and Hebei are all nea-north's: a Beijing code still cannot be seated in Tianjin.
    const beijing = '91110105M000100Y4';
    expect(code(() => supervisingRegion(beijing + usccCheckCharacter(beijing), '120101'))).toBe('ENTERPRISE.REGION_MISMATCH');
  });

  it('a nationally issued code names no province: the seat must be declared, and is recorded as declared', () => {
    expect(registrationAuthorityRegion(national)).toBe(NATIONAL_AUTHORITY_REGION);
    expect(code(() => supervisingRegion(national, undefined))).toBe('ENTERPRISE.REGION_REQUIRED');
    expect(supervisingRegion(national, '110108')).toEqual({ regionCode: '110108', regionSource: 'declared' });
  });

  it('a move takes the enterprise asking and the receiving agency confirming; the agency it leaves cannot', () => {
    const registered = registerEnterprise(
      undefined,
      { uscc: fujian, name: '福州示范电力工程有限公司', legalRepresentative: { name: '林' } },
      undefined,
      'applicant',
      new Date(),
    ).state;
    expect(registered).toMatchObject({ regionCode: '350100', agencyId: 'nea-fujian', regionSource: 'credit-code' });
    expect(code(() => requestRelocation(registered, { regionCode: '350203', reason: '迁址' }, 'applicant', new Date()))).toBe(
      'ENTERPRISE.RELOCATION_SAME_PROVINCE',
    );
    expect(code(() => confirmRelocation(registered, { regionCode: '330106', reason: '核实' }, { sub: 'sup-zj', agencyId: 'nea-zhejiang' }))).toBe(
      'ENTERPRISE.RELOCATION_NOT_REQUESTED',
    );
    const asked = requestRelocation(registered, { regionCode: '330106', reason: '2026-11-30 住所变更登记' }, 'applicant', new Date()).state;
    expect(asked).toMatchObject({ agencyId: 'nea-fujian', relocationRequested: { regionCode: '330106', agencyId: 'nea-zhejiang' } });
    expect(code(() => confirmRelocation(asked, { regionCode: '330106', reason: '核实' }, { sub: 'sup-fj', agencyId: 'nea-fujian' }))).toBe(
      'ENTERPRISE.RELOCATION_BY_RECEIVING_AGENCY',
    );
    expect(code(() => confirmRelocation(asked, { regionCode: '330102', reason: '核实' }, { sub: 'sup-zj', agencyId: 'nea-zhejiang' }))).toBe(
      'ENTERPRISE.RELOCATION_NOT_REQUESTED',
    );
    const moved = confirmRelocation(asked, { regionCode: '330106', reason: '已核营业执照' }, { sub: 'sup-zj', agencyId: 'nea-zhejiang' });
    expect(moved.state).toMatchObject({ regionCode: '330106', agencyId: 'nea-zhejiang', regionSource: 'relocated' });
    expect(moved.state.relocationRequested).toBeUndefined();
    expect(moved.events).toEqual([
      {
        type: 'EnterpriseRelocated',
        data: { from: { regionCode: '350100', agencyId: 'nea-fujian' }, regionCode: '330106', agencyId: 'nea-zhejiang', reason: '已核营业执照', by: 'sup-zj' },
      },
    ]);
  });
});
