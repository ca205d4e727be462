import * as z from 'zod';
import agenciesJson from '../../config/agencies.json';
import { calendarOverrides } from '../../config/calendar';
import platformJson from '../../config/platform.json';
import { CalendarYear, WorkingDayCalendar } from './calendar';

/**
 * Regulator-editable configuration (config/*.json), validated once at start-up so that a bad
 * edit fails the build and the tests, never a request.
 */
export const ContentType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type ContentType = z.infer<typeof ContentType>;

export const PlatformConfig = z.object({
  documents: z.object({
    maxBytes: z.number().int().positive(),
    allowedContentTypes: z.array(ContentType).min(1),
    uploadUrlTtlSeconds: z.number().int().min(60).max(3600),
  }),
  http: z.object({ defaultMaxBodyBytes: z.number().int().positive().max(16384) }),
  idempotency: z.object({ retentionHours: z.number().int().positive() }),
});
export type PlatformConfig = z.infer<typeof PlatformConfig>;

export const ProvinceCode = z.string().regex(/^\d{2}$/);
export const Agency = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Two letters in license numbers. */
  code: z.string().regex(/^[A-Z]{2}$/),
  name: z.string(),
  /** The name licences and decisions are issued under (e.g. 国家能源局福建监管办公室). */
  fullName: z.string().min(4),
  nameEn: z.string(),
  provinces: z.array(ProvinceCode).min(1),
});
export type Agency = z.infer<typeof Agency>;

export const AgenciesConfig = z
  .object({ agencies: z.array(Agency).min(1) })
  .refine(
    (c) => new Set(c.agencies.flatMap((a) => a.provinces)).size === c.agencies.flatMap((a) => a.provinces).length,
    'a province is covered by more than one agency',
  )
  .refine((c) => new Set(c.agencies.map((a) => a.code)).size === c.agencies.length, 'two agencies share a code');

export const platformConfig: PlatformConfig = PlatformConfig.parse(platformJson);
export const agencies: readonly Agency[] = AgenciesConfig.parse(agenciesJson).agencies;
export const calendar = new WorkingDayCalendar(z.array(CalendarYear).parse(calendarOverrides));
