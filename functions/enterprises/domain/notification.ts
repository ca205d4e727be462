import type { EventsOf } from '../../events';
import type { Notice, NoticeKind } from '../../notices';
import type { Decision } from '../../platform/aggregate';
import { lifecycle, permits } from '../../platform/domain/lifecycle';
import { sha256Hex } from '../../platform/hash';
import type { Channel } from './contact';

/**
 * A notification to an enterprise (issue 15; docs/notifications.md): one per event that calls for
 * a notice (functions/notices.ts), named by that event, so a redelivered event notifies once. It
 * keeps what was said and, per channel, to whom (masked), how many attempts and the last outcome.
 * The recipient's address itself is never stored here: it is opened from the enterprise's sealed
 * contact at each attempt.
 */
export type NotificationStatus = 'pending' | 'sent' | 'no-contact' | 'dead-lettered';

export interface Delivery {
  channel: Channel;
  /** The address as the enterprise sees it, masked. */
  to: string;
  status: 'sent' | 'failed';
  attempts: number;
  outcome: string;
  sentAt?: string;
}

export interface EnterpriseNotification {
  notificationId: string;
  eventId: string;
  kind: NoticeKind;
  uscc: string;
  about: Notice['about'];
  title: string;
  text: string;
  sms: string;
  createdAt: string;
  status: NotificationStatus;
  deliveries: Delivery[];
  sentAt?: string;
  deadLetter?: { at: string; error: string };
}

export const notificationIdOf = (eventId: string): string => `ntc-${sha256Hex(eventId).slice(0, 32)}`;
export const enterpriseNotificationStream = (notificationId: string): string => `NOTICE#${notificationId}`;

/** THE table of a notification's lifecycle: attempts until every channel took it; none without a contact; dead-lettered after the workflow gives up, until a redrive sends it. */
export const ENTERPRISE_NOTIFICATION_LIFECYCLE = lifecycle<NotificationStatus, 'attempt' | 'send' | 'find-no-contact' | 'dead-letter'>({
  name: 'enterprise notification',
  refusal: 'NOTIFICATION.NOT_DEAD_LETTERED',
  creation: { action: 'notify', to: 'pending' },
  finals: ['sent', 'no-contact'],
  actions: {
    pending: ['attempt', 'send', 'find-no-contact', 'dead-letter'],
    'dead-lettered': ['attempt', 'send', 'find-no-contact'],
    sent: [],
    'no-contact': [],
  },
  targets: { attempt: ['pending'], send: ['sent'], 'find-no-contact': ['no-contact'], 'dead-letter': ['dead-lettered'] },
});

export const isSettled = (n: EnterpriseNotification | undefined): boolean => n?.status === 'sent' || n?.status === 'no-contact';

const fresh = (eventId: string, notice: Notice, at: Date): EnterpriseNotification => ({
  notificationId: notificationIdOf(eventId),
  eventId,
  kind: notice.kind,
  uscc: notice.uscc,
  about: notice.about,
  title: notice.title,
  text: notice.text,
  sms: notice.sms,
  createdAt: at.toISOString(),
  status: 'pending',
  deliveries: [],
});

/** The channels still to send on: every channel of the contact not yet sent. */
export const channelsToSend = (n: EnterpriseNotification | undefined, channels: readonly Channel[]): Channel[] =>
  channels.filter((c) => n?.deliveries.find((d) => d.channel === c)?.status !== 'sent');

export interface AttemptResult {
  channel: Channel;
  to: string;
  ok: boolean;
  outcome: string;
}

/** One attempt on the channels still to send: sent when none is left, else pending (the workflow retries). */
export function recordAttempt(
  current: EnterpriseNotification | undefined,
  eventId: string,
  notice: Notice,
  results: readonly AttemptResult[],
  at: Date,
): Decision<EnterpriseNotification, EventsOf<'enterprise notification'>> {
  const n = current ?? fresh(eventId, notice, at);
  if (!permits(ENTERPRISE_NOTIFICATION_LIFECYCLE, n.status, 'attempt')) return { events: [], state: n };
  const iso = at.toISOString();
  const deliveries = [...n.deliveries];
  for (const r of results) {
    const before = deliveries.findIndex((d) => d.channel === r.channel);
    const attempts = (before >= 0 ? deliveries[before]!.attempts : 0) + 1;
    const d: Delivery = { channel: r.channel, to: r.to, status: r.ok ? 'sent' : 'failed', attempts, outcome: r.outcome, ...(r.ok ? { sentAt: iso } : {}) };
    if (before >= 0) deliveries[before] = d;
    else deliveries.push(d);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    return {
      events: [{ type: 'EnterpriseNotificationFailed', data: { kind: n.kind, failed: failed.map((r) => ({ channel: r.channel, outcome: r.outcome })) } }],
      state: { ...n, status: 'pending', deliveries },
    };
  }
  const { deadLetter: _, ...rest } = n;
  return {
    events: [{ type: 'EnterpriseNotified', data: { kind: n.kind, about: n.about, channels: deliveries.map((d) => d.channel) } }],
    state: { ...rest, status: 'sent', deliveries, sentAt: iso },
  };
}

/** The enterprise registered no contact (e.g. an imported licence's holder not yet on the platform): on record, shown in its timeline, not retried. */
export function noContact(
  current: EnterpriseNotification | undefined,
  eventId: string,
  notice: Notice,
  at: Date,
): Decision<EnterpriseNotification, EventsOf<'enterprise notification'>> {
  const n = current ?? fresh(eventId, notice, at);
  if (!permits(ENTERPRISE_NOTIFICATION_LIFECYCLE, n.status, 'find-no-contact')) return { events: [], state: n };
  return { events: [{ type: 'EnterpriseNotificationUnaddressed', data: { kind: n.kind, about: n.about } }], state: { ...n, status: 'no-contact' } };
}

/** The workflow gave up: on record and listed for operators until a redrive sends it. */
export function deadLettered(
  current: EnterpriseNotification | undefined,
  eventId: string,
  notice: Notice,
  error: string,
  at: Date,
): Decision<EnterpriseNotification, EventsOf<'enterprise notification'>> {
  const n = current ?? fresh(eventId, notice, at);
  if (!permits(ENTERPRISE_NOTIFICATION_LIFECYCLE, n.status, 'dead-letter')) return { events: [], state: n };
  return {
    events: [{ type: 'EnterpriseNotificationDeadLettered', data: { kind: n.kind, error } }],
    state: { ...n, status: 'dead-lettered', deadLetter: { at: at.toISOString(), error } },
  };
}
