import { shanghaiDate } from '../platform/calendar';
import { dueKeys, type IndexKeys } from '../platform/event-store';
import { type Complaint, complaintStream, nextDue } from './domain/complaint';
import type { HotlineNotification } from './domain/hotline-notification';

export const agencyComplaintsKey = (agencyId: string): string => `AGENCY#${agencyId}#COMPLAINTS`;
/** P5: every work order under the month (Asia/Shanghai) the hotline received it. */
export const monthComplaintsKey = (month: string): string => `HOTLINE#${month}`;
export const DEAD_LETTERS_KEY = 'HOTLINE-OUT#DEAD-LETTERS';

/** The agency's list, the month's statistics, the next open deadline. */
export const complaintIndex = (c: Complaint): IndexKeys => ({
  gsi1pk: agencyComplaintsKey(c.agencyId),
  gsi1sk: `${c.receivedAt}#${c.complaintId}`,
  gsi2pk: monthComplaintsKey(shanghaiDate(new Date(c.receivedAt)).slice(0, 7)),
  gsi2sk: `${c.receivedAt}#${c.complaintId}`,
  ...dueKeys(nextDue(c), complaintStream(c.complaintId)),
});

/** Operators see the notifications the hotline never took (P3). */
export const notificationIndex = (n: HotlineNotification): IndexKeys =>
  n.status === 'dead-lettered' && n.deadLetter ? { gsi1pk: DEAD_LETTERS_KEY, gsi1sk: `${n.deadLetter.at}#${n.notificationId}` } : {};
