import { agencies } from '../../functions/platform/config';
import { catalog, isValidNationalIdentifier, nationalIdentifier, nationalRecord } from '../../functions/licenses/domain/national';
import { DEMO_LICENSE } from '../support/fixtures';

/** The licence as GB/T 36903 (metadata) and GB/T 36904 (identifier) describe it: the exchange route's `national` record (issue 21). */
describe('the national electronic-licence record', () => {
  it('E4: the GB/T 36904 check character is the one the national platform computes: identifiers published by other issuers verify, a changed character does not', () => {
    // Identifiers as other provinces' systems publish them (the housing ministry's and a local platform's licence types).
    const published = [
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
      '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
      '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
    ];
    for (const id of published) expect([id, isValidNationalIdentifier(id)]).toEqual([id, true]);
    expect(isValidNationalIdentifier(published[0]!.replace('20230000403', '20230000404'))).toBe(false);
    expect(isValidNationalIdentifier(published[0]!.replace('.001.', '.002.'))).toBe(false);
    expect(isValidNationalIdentifier('1.2.156.3005.3.11100000000013338W011.11430000006122244L.20230000403.001.U')).toBe(false);
  });

  it('E4: one identifier per licence version, built from the type code, the issuing agency’s code, the licence number and the version', () => {
    const typeCode = catalog.typeCodes['facility']!;
    const issuer = catalog.issuerCodes['nea-fujian']!;
    const v1 = nationalIdentifier(typeCode, issuer, 'FI3-FJ-2026-0000177', 1);
    expect(v1).toMatch(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${typeCode}\\.${issuer}\\.FI3FJ20260000177\\.001\\.[0-9A-Z]$`));
    expect(isValidNationalIdentifier(v1)).toBe(true);
    const v2 = nationalIdentifier(typeCode, issuer, 'FI3-FJ-2026-0000177', 2);
    expect(v2).not.toBe(v1);
    expect(v2.split('.').slice(-2)[0]).toBe('002');
  });

  it('E4: the GB/T 36903 record of a licence: holder by credit code (type 001), the agency’s full name and code, dates on the Shanghai calendar, the face data', () => {
    const r = nationalRecord({ ...DEMO_LICENSE, issuedAt: '2026-11-22T17:30:00.000Z' });
    expect(r).toEqual({
      standard: 'GB/T 36903-2018',
      catalogRegistered: false,
      certificateIdentifier: nationalIdentifier(catalog.typeCodes['facility']!, catalog.issuerCodes['nea-fujian']!, DEMO_LICENSE.licenseNo, 1),
      certificateType: '承装（修、试）电力设施许可证',
      certificateTypeCode: catalog.typeCodes['facility'],
      certificateName: '承装（修、试）电力设施许可证（承装类）',
      certificateNumber: 'FI3-FJ-2026-0000177',
      certificateHolder: '福州示范电力工程有限公司',
      certificateHolderCode: '91350100M000100Y43',
      certificateHolderType: '统一社会信用代码',
      certificateHolderTypeCode: '001',
      certificateIssuingAuthority: '国家能源局福建监管办公室',
      certificateIssuingAuthorityCode: catalog.issuerCodes['nea-fujian'],
      certificateIssuedDate: '2026-11-23', // 01:30 in Shanghai
      certificateEffectiveDate: '2026-11-23',
      certificateExpiringDate: '2032-11-22',
      certificateAreaCode: '350100',
      version: 1,
      surface: { licenseClass: '承装（修、试）电力设施许可证（承装类）', level: 3, scope: '承装三级' },
    });
    expect(nationalRecord({ ...DEMO_LICENSE, licenseClass: 'power-generation', level: undefined }).certificateType).toBe('电力业务许可证');
  });

  it('the catalogue configuration names every agency and licence family, and says its codes are placeholders until the national catalogue assigns them', () => {
    expect(agencies.every((a) => catalog.issuerCodes[a.id])).toBe(true);
    expect(Object.keys(catalog.typeCodes).sort()).toEqual(['facility', 'power-business']);
    expect(catalog.registered).toBe(false);
  });
});
