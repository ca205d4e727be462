import * as z from 'zod';
import { agencies, type Agency } from './config';

/** A 6-digit administrative division code (GB/T 2260) whose province is one the regulator covers. */
export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, 'expected a 6-digit administrative division code (GB/T 2260)')
  .refine((code) => agencyForRegion(code) !== undefined, 'unknown province in the administrative division code');
export type RegionCode = z.infer<typeof RegionCode>;

const byProvince = new Map(agencies.flatMap((a) => a.provinces.map((p) => [p, a] as const)));

/** The competent agency for a region (属地): the one covering its province. */
export const agencyForRegion = (regionCode: string): Agency | undefined => byProvince.get(regionCode.slice(0, 2));

export const agencyById = (id: string): Agency | undefined => agencies.find((a) => a.id === id);

export const agencyCoversRegion = (agencyId: string, regionCode: string): boolean => agencyForRegion(regionCode)?.id === agencyId;
