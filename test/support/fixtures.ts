import type { License } from '../../functions/licensing/domain/license';
import { matterById } from '../../functions/licensing/domain/guide';
import { randomInt } from 'node:crypto';
import { usccCheckCharacter } from '../../functions/enterprises/domain/uscc';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid unified social credit code in a region (default Fuzhou, Fujian). */
export function newUscc(regionCode = '350100'): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += ALPHABET[randomInt(ALPHABET.length)];
  const first17 = `91${regionCode}${org}`;
  return first17 + usccCheckCharacter(first17);
}

/** A run's or a code's tail as Han characters, so that test names stay Chinese (the pages' Chinese-only check reads them). */
const HAN = '零一二三四五六七八九甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北';
export const hanTag = (s: string): string => [...s.toUpperCase()].map((c) => HAN[Number.parseInt(c, 36)] ?? '').join('');

/** The name the harness registers an enterprise under: unique per credit code, Chinese throughout. */
export const testEnterpriseName = (uscc: string): string => `测试电力工程有限公司${hanTag(uscc.slice(-4))}`;

export const pdfBytes = (text: string): Buffer => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
export const pngBytes = (): Buffer => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** The material types a matter of the service guide asks for, e.g. the seven of facility-install-l3.new. */
export const materialsOf = (matterId: string): string[] => matterById(matterId)!.materials.map((m) => m.materialType);
export const FACILITY_INSTALL_L3_MATERIALS = materialsOf('facility-install-l3.new');

/** An inspection as the supervision context keeps it (a test that seeds an inspection's events gives it a real state). */
export const inspectionState = (inspectionId: string, uscc: string, agencyId = 'nea-fujian') => ({
  inspectionId,
  kind: 'targeted' as const,
  agencyId,
  uscc,
  name: '测试企业',
  inspectors: [] as string[],
  mode: 'on-site' as const,
  openedAt: new Date().toISOString(),
  status: 'open' as const,
  findings: [],
});

/** A valid facility-install level 3 licence of `holder`, as another context's workflow would have issued it (a test seeds its event). */
export const seededLicense = (licenseNo: string, holder: License['holder'], agencyId: string): License => ({
  licenseNo,
  version: 1,
  status: 'valid',
  holder,
  agencyId,
  licenseClass: 'facility-install',
  level: 3,
  scope: '承装三级',
  validFrom: '2026-01-01',
  validUntil: '2032-01-01',
  issuedAt: '2026-01-01T00:00:00.000Z',
  caseIds: [],
  path: 'standard',
});

/** The demonstration licence of the docs and benches (Fuzhou, facility-install level 3). */
export const DEMO_LICENSE: License = {
  licenseNo: 'FI3-FJ-2026-0000177',
  version: 1,
  status: 'valid',
  holder: { uscc: '91350100M000100Y43', name: '福州示范电力工程有限公司', regionCode: '350100' },
  agencyId: 'nea-fujian',
  licenseClass: 'facility-install',
  level: 3,
  scope: '承装三级',
  validFrom: '2026-11-23',
  validUntil: '2032-11-22',
  issuedAt: '2026-11-23T02:00:00.000Z',
  caseIds: [],
  path: 'standard',
};

/** A Fuzhou case as the notices read it (its stream's state, as much of it as they use). */
export const DEMO_CASE_FOR_NOTICES = {
  id: 'AP20261201ABCDEFGH',
  matterId: 'facility-install-l3.new',
  uscc: '91350100M000100Y43',
  enterpriseName: '福州示范电力工程有限公司',
  agencyId: 'nea-fujian',
  deadlines: [{ kind: 'decision', dueDate: '2026-12-29' }],
};
