import * as z from 'zod';
import catalogJson from '../../../config/e-license-catalog.json';
import { isValidUscc } from '../../enterprises/domain/uscc';
import { shanghaiDate } from '../../platform/calendar';
import { agencies } from '../../platform/config';
import { agencyById } from '../../platform/regions';
import { guideConfig } from '../../licensing/domain/guide';
import { type License, mod3736Check } from '../../licensing/domain/license';

/**
 * The licence as the national electronic-licence standards describe one (issue 21; docs/e-license-format.md
 * "The national record"): the metadata of GB/T 36903-2018 (电子证照 元数据规范) under the element names the
 * national sharing platform exchanges, and the identifier of GB/T 36904-2018 (电子证照 标识规范):
 * `1.2.156.3005.2.<证照类型代码>.<颁发机构代码>.<流水号>.<版本号>.<校验位>`, the check character ISO/IEC 7064
 * MOD 37,36 over the four fields run together — the licence number's own check (mod3736Check).
 */

/** The root of electronic-licence identifiers (GB/T 36904): the OID arc of China's electronic licences. */
export const E_LICENSE_OID = '1.2.156.3005.2';
/** 持证主体代码类型代码 of a unified social credit code (GB/T 36903). */
const HOLDER_CODE_TYPE_USCC = '001';

const TypeCode = z.string().regex(/^[0-9A-Z]{18}\d{3}$/, 'a licence type code is the defining authority’s 18-character code and three digits');
export const CatalogConfig = z
  .object({
    registered: z.boolean(),
    typeCodes: z.record(z.string(), TypeCode),
    issuerCodes: z.record(z.string(), z.string().refine(isValidUscc, 'an issuing agency’s code is its unified social credit code')),
  })
  .refine((c) => Object.values(guideConfig.licenseClasses).every((cls) => cls.family in c.typeCodes), 'every licence family has a type code')
  .refine((c) => agencies.every((a) => a.id in c.issuerCodes), 'every agency has an issuer code');
export const catalog = CatalogConfig.parse(catalogJson);

/** GB/T 36904: the identifier of one version of a licence. The serial is the licence number without its separators. */
export function nationalIdentifier(typeCode: string, issuerCode: string, licenseNo: string, version: number): string {
  const serial = licenseNo.replace(/-/g, '');
  const ver = String(version).padStart(3, '0');
  return [E_LICENSE_OID, typeCode, issuerCode, serial, ver, mod3736Check(`${typeCode}${issuerCode}${serial}${ver}`)].join('.');
}

/** Whether an identifier's check character holds (the other half of GB/T 36904's rule). */
export function isValidNationalIdentifier(id: string): boolean {
  const m = /^1\.2\.156\.3005\.2\.([0-9A-Z]+)\.([0-9A-Z]+)\.([0-9A-Z]+)\.(\d{3})\.([0-9A-Z])$/.exec(id);
  return m !== null && mod3736Check(`${m[1]}${m[2]}${m[3]}${m[4]}`) === m[5];
}

/** The GB/T 36903 record of a licence's current version. */
export function nationalRecord(l: License) {
  const cls = guideConfig.licenseClasses[l.licenseClass];
  const agency = agencyById(l.agencyId);
  const family = cls?.family ?? l.licenseClass;
  const typeCode = catalog.typeCodes[family];
  const issuerCode = catalog.issuerCodes[l.agencyId];
  if (!cls || !agency || !typeCode || !issuerCode) throw new Error(`no national catalogue entry for ${l.licenseClass} of ${l.agencyId}`);
  return {
    standard: 'GB/T 36903-2018',
    /** Whether the codes are the national catalogue's assigned ones (config/e-license-catalog.json). */
    catalogRegistered: catalog.registered,
    certificateIdentifier: nationalIdentifier(typeCode, issuerCode, l.licenseNo, l.version),
    certificateType: cls.name.replace(/（[^）]*类）$/, ''),
    certificateTypeCode: typeCode,
    certificateName: cls.name,
    certificateNumber: l.licenseNo,
    certificateHolder: l.holder.name,
    certificateHolderCode: l.holder.uscc,
    certificateHolderType: '统一社会信用代码',
    certificateHolderTypeCode: HOLDER_CODE_TYPE_USCC,
    certificateIssuingAuthority: agency.fullName,
    certificateIssuingAuthorityCode: issuerCode,
    certificateIssuedDate: shanghaiDate(new Date(l.issuedAt)),
    certificateEffectiveDate: l.validFrom,
    certificateExpiringDate: l.validUntil,
    certificateAreaCode: l.holder.regionCode,
    version: l.version,
    /** 照面信息: what the licence face shows beyond the metadata. */
    surface: { licenseClass: cls.name, ...(l.level ? { level: l.level } : {}), scope: l.scope },
  };
}
