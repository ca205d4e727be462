import * as z from 'zod';
import type { Notice } from '../notices';
import { noticeFor } from './notice-texts';
import { appendDecisions } from '../platform/aggregate';
import { clock } from '../platform/clock';
import { eventStore, notifier } from '../platform/deps';
import { requiredEnv } from '../platform/env';
import { parseEventId } from '../platform/event-store';
import { logger } from '../platform/log';
import { offer } from '../platform/notifier';
import { openContact } from './contact';
import { type Channel, type Contact, maskContact } from './domain/contact';
import { type Enterprise, enterpriseStream } from './domain/enterprise';
import {
  type AttemptResult,
  channelsToSend,
  deadLettered,
  type EnterpriseNotification,
  enterpriseNotificationStream,
  isSettled,
  noContact,
  notificationIdOf,
  recordAttempt,
} from './domain/notification';

/** A channel that failed this attempt: the workflow retries with backoff (ASL Retry on this name). */
class NotificationDeliveryFailed extends Error {
  override name = 'NotificationDeliveryFailed';
}

const ACTOR = 'system:enterprise-notify';
const Input = z.object({ eventId: z.string() });

/** The event, its stream's state and the notice it calls for (none: nothing to do). One read each, not the stream's history. */
async function noticeOf(eventId: string): Promise<Notice | undefined> {
  const store = eventStore();
  const [event, subject] = await Promise.all([store.readEvent(eventId), store.load(parseEventId(eventId).stream)]);
  return event && subject ? noticeFor(event, subject.state, `${requiredEnv('PUBLIC_BASE_URL')}/portal`) : undefined;
}

const addressOf = (c: Contact, channel: Channel): string => (channel === 'email' ? c.email! : c.mobile!);
const maskedOf = (c: Contact, channel: Channel): string => (channel === 'email' ? maskContact(c).email! : maskContact(c).mobile!);

/**
 * enterprise-notify: the notice an event calls for, sent to the enterprise's registered contact on
 * each of its channels not yet sent — so a retry sends only what failed, and a redelivered event
 * (the same execution name) sends nothing again. Without a contact it is recorded as unaddressed.
 */
export async function notifyEnterprise(input: unknown): Promise<{ notificationId: string; status: string }> {
  const { eventId } = Input.parse(input);
  const notificationId = notificationIdOf(eventId);
  const store = eventStore();
  const stream = enterpriseNotificationStream(notificationId);
  const current = await store.load<EnterpriseNotification>(stream);
  if (isSettled(current?.state)) return { notificationId, status: current!.state.status };
  const notice = await noticeOf(eventId);
  if (!notice) return { notificationId, status: 'none' };
  const now = clock.now();
  const enterprise = (await store.load<Enterprise>(enterpriseStream(notice.uscc)))?.state;
  if (!enterprise?.contact) {
    await appendDecisions(store, [{ stream, current, decision: noContact(current?.state, eventId, notice, now) }], { actor: ACTOR, at: now });
    return { notificationId, status: 'no-contact' };
  }
  const contact = await openContact(notice.uscc, enterprise.contact);
  const results: AttemptResult[] = [];
  for (const channel of channelsToSend(current?.state, enterprise.contact.channels)) {
    const sent = await offer(notifier(), {
      messageId: `${notificationId}.${channel}`,
      channel,
      to: addressOf(contact, channel),
      subject: notice.title,
      text: channel === 'email' ? notice.text : notice.sms,
    });
    results.push({ channel, to: maskedOf(contact, channel), ...sent });
  }
  const decision = recordAttempt(current?.state, eventId, notice, results, now);
  await appendDecisions(store, [{ stream, current, decision }], { actor: ACTOR, at: now });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new NotificationDeliveryFailed(`${notificationId}: ${failed.map((r) => `${r.channel} ${r.outcome}`).join('; ')}`);
  return { notificationId, status: decision.state.status };
}

/** enterprise-notify gave up: the notification is dead-lettered, on record and in the enterprise's timeline. */
export async function deadLetterEnterpriseNotification(input: unknown): Promise<{ notificationId: string; status: string }> {
  const { eventId, error } = Input.extend({ error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).partial().optional() }).parse(
    input,
  );
  const notificationId = notificationIdOf(eventId);
  const notice = await noticeOf(eventId);
  if (!notice) return { notificationId, status: 'none' };
  const store = eventStore();
  const stream = enterpriseNotificationStream(notificationId);
  const current = await store.load<EnterpriseNotification>(stream);
  const now = clock.now();
  const decision = deadLettered(current?.state, eventId, notice, [error?.Error, error?.Cause].filter(Boolean).join(': ') || 'unknown', now);
  await appendDecisions(store, [{ stream, current, decision }], { actor: ACTOR, at: now });
  logger.error('enterprise notification dead-lettered', { notificationId, kind: notice.kind });
  return { notificationId, status: decision.state.status };
}
