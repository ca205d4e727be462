import { shanghaiDate } from '../platform/calendar';
import type { Tally } from '../platform/event-store';
import type { Complaint } from './domain/complaint';
import { contributionOf } from './domain/statistics';

/** The public monthly statistics (P5): one tally per month of receipt (Asia/Shanghai). */
export const hotlineMonthTally = (month: string): string => `HOTLINE#${month}`;
export const complaintTally = (c: Complaint): Tally[] => [
  { key: hotlineMonthTally(shanghaiDate(new Date(c.receivedAt)).slice(0, 7)), counts: contributionOf(c) },
];
