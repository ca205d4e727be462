import type { CalendarYear } from '../../functions/platform/calendar';

/** Official schedules added by the regulator; see README.md. Each entry is one `<year>.json`. */
export const calendarOverrides: unknown[] = [];

export type { CalendarYear };
