import * as z from 'zod';
import { appendDecisions } from '../platform/aggregate';
import { clock } from '../platform/clock';
import { eventStore } from '../platform/deps';
import { requiredEnv } from '../platform/env';
import type { Snapshot } from '../platform/event-store';
import { sweepTask } from '../platform/deadline-sweep.task';
import { failureCode } from '../platform/errors';
import { logger } from '../platform/log';
import { type Enterprise, enterpriseStream } from '../enterprises/domain/enterprise';
import { type License } from '../licensing/domain/license';
import { type Complaint, complaintStream, type PartyLink, recordLink, sweep } from './domain/complaint';
import { attemptFailed, deadLettered, delivered, type HotlineNotification, notificationId, notificationStream, payloadOf } from './domain/hotline-notification';
import { hotlineSecrets } from '../platform/webhook-secrets.secretsmanager';
import { postSigned } from '../platform/webhooks';
import { enterpriseNameKey } from '../enterprises/indexes';
import { enterpriseLicensesKey } from '../licensing/indexes';

/**
 * The complaint workflows' tasks (statemachines/complaint-intake, hotline-notify, deadline-sweep).
 * Each is idempotent: Step Functions may run a task again after a timeout or a retry.
 */
const ComplaintInput = z.object({ complaintId: z.string() });
const NotifyInput = z.object({ complaintId: z.string(), kind: z.enum(['acknowledged', 'closed']) });

async function loadComplaint(complaintId: string): Promise<Snapshot<Complaint>> {
  const s = await eventStore().load<Complaint>(complaintStream(complaintId));
  if (!s) throw new Error(`complaint ${complaintId} not found`);
  return s;
}

/** The registered enterprise a work order names, by credit code first, else by exact name — and its licenses (P3). */
async function lookUpParty(party: Complaint['party']): Promise<PartyLink> {
  const store = eventStore();
  let match: { by: 'uscc' | 'name'; e: Enterprise } | undefined;
  if (party?.uscc) {
    const e = (await store.load<Enterprise>(enterpriseStream(party.uscc)))?.state;
    if (e) match = { by: 'uscc', e };
  }
  if (!match && party?.name) {
    const named = (await store.list<Enterprise>('gsi2', enterpriseNameKey(party.name), { limit: 2 })).items;
    // Two enterprises of one name cannot be told apart: left to staff rather than guessed.
    if (named.length === 1) match = { by: 'name', e: named[0]!.state };
  }
  if (!match) return { matched: false };
  const licenses = await store.listAll<License>('gsi1', enterpriseLicensesKey(match.e.uscc));
  return {
    matched: true,
    by: match.by,
    uscc: match.e.uscc,
    name: match.e.name,
    agencyId: match.e.agencyId,
    licenses: licenses.map(({ state: l }) => ({ licenseNo: l.licenseNo, licenseClass: l.licenseClass, status: l.status })),
  };
}

/** complaint-intake: link the order to the enterprise complained about and its licenses. */
export async function linkComplaint(input: unknown): Promise<{ complaintId: string; matched: boolean }> {
  const { complaintId } = ComplaintInput.parse(input);
  const current = await loadComplaint(complaintId);
  if (current.state.link) return { complaintId, matched: current.state.link.matched };
  const link = await lookUpParty(current.state.party);
  const now = clock.now();
  await appendDecisions(eventStore(), [{ stream: complaintStream(complaintId), current, decision: recordLink(current.state, link) }], {
    actor: 'system:complaint-intake',
    at: now,
  });
  return { complaintId, matched: link.matched };
}

/** A failed delivery the workflow retries with backoff (ASL Retry on this name). */
class HotlineDeliveryFailed extends Error {
  override name = 'HotlineDeliveryFailed';
}
/** The hotline refused the notification (4xx other than 408/429): retrying will not help. */
class HotlineDeliveryRejected extends Error {
  override name = 'HotlineDeliveryRejected';
}

const DELIVERY_TIMEOUT_MS = 5_000;

/**
 * complaint-intake, hotline-notify: POST the notification to the hotline (HOTLINE_CALLBACK_URL),
 * signed per Standard Webhooks with the current hotline secret. Every attempt is recorded; the
 * webhook id stays the same across attempts so the hotline can drop duplicates.
 */
export async function notifyHotline(input: unknown): Promise<{ notificationId: string; status: string }> {
  const { complaintId, kind } = NotifyInput.parse(input);
  const store = eventStore();
  const stream = notificationStream(complaintId, kind);
  const current = await store.load<HotlineNotification>(stream);
  if (current?.state.status === 'delivered') return { notificationId: current.state.notificationId, status: 'delivered' };
  const complaint = (await loadComplaint(complaintId)).state;
  const url = requiredEnv('HOTLINE_CALLBACK_URL');
  const now = clock.now();
  const id = notificationId(complaintId, kind);
  const body = JSON.stringify(payloadOf(complaint, kind, now));
  const [secret] = await hotlineSecrets();
  let outcome: string;
  let ok = false;
  let permanent = false;
  try {
    const res = await postSigned(url, id, body, secret!, DELIVERY_TIMEOUT_MS);
    outcome = `HTTP ${res.status}`;
    ok = res.ok;
    permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  } catch (e) {
    // The code, not the message: the outcome is kept in the notification's events and the workflow's history.
    outcome = `network ${failureCode(e)}`;
    logger.warn('hotline notification not delivered', { notificationId: id, error: e });
  }
  const meta = { actor: 'system:hotline-notify', at: now };
  if (ok) {
    await appendDecisions(store, [{ stream, current, decision: delivered(current?.state, complaintId, kind, outcome, now) }], meta);
    return { notificationId: id, status: 'delivered' };
  }
  await appendDecisions(store, [{ stream, current, decision: attemptFailed(current?.state, complaintId, kind, outcome, now) }], meta);
  logger.warn('hotline notification failed', { notificationId: id, outcome });
  throw permanent ? new HotlineDeliveryRejected(`${id}: ${outcome}`) : new HotlineDeliveryFailed(`${id}: ${outcome}`);
}

/** The notification's Catch: recorded as dead-lettered and listed for operators (GET /v1/complaints/notifications/dead-letters). */
export async function deadLetterHotlineNotification(input: unknown): Promise<{ notificationId: string; status: string }> {
  const { complaintId, kind, error } = NotifyInput.extend({
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).partial().optional(),
  }).parse(input);
  const store = eventStore();
  const stream = notificationStream(complaintId, kind);
  const current = await store.load<HotlineNotification>(stream);
  const now = clock.now();
  const decision = deadLettered(current?.state, complaintId, kind, [error?.Error, error?.Cause].filter(Boolean).join(': ') || 'unknown', now);
  await appendDecisions(store, [{ stream, current, decision }], { actor: 'system:hotline-notify', at: now });
  logger.error('hotline notification dead-lettered', { notificationId: decision.state.notificationId, attempts: decision.state.attempts.length });
  return { notificationId: decision.state.notificationId, status: decision.state.status };
}

/** deadline-sweep: acceptance, answer and handling periods that ran out (P2, X2). */
export const sweepComplaintTask = sweepTask(sweep);
