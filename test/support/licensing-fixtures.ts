import { WorkingDayCalendar } from '../../functions/platform/calendar';
import { limitsOf } from '../../functions/licensing/domain/application';
import { matterById } from '../../functions/licensing/domain/guide';

/** A facility-install level-3 matter, its limits, one Fujian enterprise and all its materials: the pure licensing tests' common ground. */
export const cal = new WorkingDayCalendar();
export const matter = matterById('facility-install-l3.new')!;
export const limits = limitsOf(matter);
export const at = (iso: string): Date => new Date(iso);
export const enterprise = { uscc: '91350100M000100Y43', name: '福州示范电力工程有限公司', regionCode: '350100', agencyId: 'nea-fujian' };
export const allMaterials = matter.materials.map((m) => ({ materialType: m.materialType, documentId: m.materialType, source: 'submitted' as const }));
