import type { EventsOf } from '../../events';
import { lifecycle, permits } from '../../platform/domain/lifecycle';
import type { Decision } from '../../platform/aggregate';
import type { Complaint } from './complaint';

/**
 * What the platform tells the 12398 hotline about a work order (P1 acknowledgement, P2 closure),
 * one stream per complaint and kind so that it is sent once and its attempts are on record. The
 * webhook id is the notification id: the hotline drops a redelivery as Standard Webhooks asks.
 * A notification that keeps failing is dead-lettered, listed for operators and can be redriven.
 */
export type NotificationKind = 'acknowledged' | 'closed';

export interface HotlineNotification {
  notificationId: string;
  complaintId: string;
  kind: NotificationKind;
  status: 'pending' | 'delivered' | 'dead-lettered';
  attempts: { at: string; outcome: string }[];
  deliveredAt?: string;
  deadLetter?: { at: string; error: string };
}

export const notificationId = (complaintId: string, kind: NotificationKind): string => `ntf_${complaintId}_${kind}`;
export const notificationStream = (complaintId: string, kind: NotificationKind): string => `HOTLINE-OUT#${complaintId}#${kind}`;

/** The webhook body (Standard Webhooks' type/timestamp/data). The answer to the complainant travels in it; their identity never does. */
export function payloadOf(c: Complaint, kind: NotificationKind, at: Date) {
  const base = { orderNo: c.orderNo, complaintId: c.complaintId, agencyId: c.agencyId, status: c.status };
  if (kind === 'acknowledged') {
    const first = c.deadlines[0]!;
    return {
      type: 'work-order.acknowledged',
      timestamp: at.toISOString(),
      data: { ...base, receivedAt: c.receivedAt, deadline: { kind: first.kind, dueDate: first.dueDate } },
    };
  }
  return {
    type: 'work-order.closed',
    timestamp: at.toISOString(),
    data: {
      ...base,
      outcome: c.outcome,
      closedAt: c.closedAt,
      ...(c.acceptance?.decision === 'refuse' ? { refusal: { ground: c.acceptance.ground, reasons: c.acceptance.reasons } } : {}),
      ...(c.reply ? { reply: c.reply.text, repliedAt: c.reply.at } : {}),
      ...(c.callback ? { callback: { reached: c.callback.reached, satisfaction: c.callback.satisfaction } } : {}),
    },
  };
}

/** THE table of a notification's lifecycle: attempts until delivered; dead-lettered after the workflow gives up, until a redrive delivers it. */
export const NOTIFICATION_LIFECYCLE = lifecycle<HotlineNotification['status'], 'attempt' | 'deliver' | 'dead-letter'>({
  name: 'notification',
  refusal: 'NOTIFICATION.NOT_DEAD_LETTERED',
  creation: { action: 'send', to: 'pending' },
  finals: ['delivered'],
  actions: { pending: ['attempt', 'deliver', 'dead-letter'], 'dead-lettered': ['attempt', 'deliver'], delivered: [] },
  targets: { attempt: ['pending'], deliver: ['delivered'], 'dead-letter': ['dead-lettered'] },
});

const fresh = (complaintId: string, kind: NotificationKind): HotlineNotification => ({
  notificationId: notificationId(complaintId, kind),
  complaintId,
  kind,
  status: 'pending',
  attempts: [],
});

export function attemptFailed(
  n: HotlineNotification | undefined,
  complaintId: string,
  kind: NotificationKind,
  outcome: string,
  at: Date,
): Decision<HotlineNotification, EventsOf<'notification'>> {
  const cur = n ?? fresh(complaintId, kind);
  return {
    events: [{ type: 'HotlineNotificationFailed', data: { outcome, attempt: cur.attempts.length + 1 } }],
    state: { ...cur, status: 'pending', attempts: [...cur.attempts, { at: at.toISOString(), outcome }] },
  };
}

export function delivered(
  n: HotlineNotification | undefined,
  complaintId: string,
  kind: NotificationKind,
  outcome: string,
  at: Date,
): Decision<HotlineNotification, EventsOf<'notification'>> {
  const cur = n ?? fresh(complaintId, kind);
  if (!permits(NOTIFICATION_LIFECYCLE, cur.status, 'deliver')) return { events: [], state: cur };
  const state: HotlineNotification = {
    ...cur,
    status: 'delivered',
    attempts: [...cur.attempts, { at: at.toISOString(), outcome }],
    deliveredAt: at.toISOString(),
  };
  delete state.deadLetter;
  return { events: [{ type: 'HotlineNotified', data: { kind, attempts: state.attempts.length } }], state };
}

/** The workflow gave up: on record, and listed (GSI1) until a redrive delivers it. */
export function deadLettered(
  n: HotlineNotification | undefined,
  complaintId: string,
  kind: NotificationKind,
  error: string,
  at: Date,
): Decision<HotlineNotification, EventsOf<'notification'>> {
  const cur = n ?? fresh(complaintId, kind);
  if (!permits(NOTIFICATION_LIFECYCLE, cur.status, 'dead-letter')) return { events: [], state: cur };
  return {
    events: [{ type: 'HotlineNotificationDeadLettered', data: { kind, attempts: cur.attempts.length, error } }],
    state: { ...cur, status: 'dead-lettered', deadLetter: { at: at.toISOString(), error } },
  };
}
