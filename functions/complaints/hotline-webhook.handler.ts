import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { appendDecisions } from '../platform/aggregate';
import { calendar } from '../platform/config';
import { blobStore, eventStore, piiKeys } from '../platform/deps';
import { seal } from '../platform/envelope';
import { count } from '../platform/metrics';
import type { Logger } from '../platform/log';
import { DomainError } from '../platform/errors';
import { validationError } from '../platform/http/problem';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { createHash } from 'node:crypto';
import { type Complaint, complaintStream } from './domain/complaint';
import { receive, type StoredAttachment, webhookStream, WorkOrder } from './domain/work-order';
import { hotlineSecrets } from '../platform/webhook-secrets.secretsmanager';

const unauthorized = (code: 'WEBHOOK.UNSIGNED' | 'WEBHOOK.STALE_OR_FUTURE' | 'WEBHOOK.BAD_SIGNATURE', detail: string) => new DomainError(code, detail);

/** Standard Webhooks over the raw body, against every current secret (rotation), ±5 minutes: the delivery's id, or why not. */
export function verifiedDelivery(rawBody: string, headers: Record<string, string>, secrets: readonly string[]): string {
  const id = headers['webhook-id'];
  if (!id || !headers['webhook-timestamp'] || !headers['webhook-signature'])
    throw unauthorized('WEBHOOK.UNSIGNED', 'webhook-id, webhook-timestamp and webhook-signature are required.');
  let last: unknown;
  for (const secret of secrets) {
    try {
      // jsonParse off: a malformed body is a 400 after the signature check, not a signature failure.
      new Webhook(secret).verify(
        rawBody,
        { 'webhook-id': id, 'webhook-timestamp': headers['webhook-timestamp'], 'webhook-signature': headers['webhook-signature'] },
        { jsonParse: false },
      );
      return id;
    } catch (e) {
      last = e;
    }
  }
  const message = last instanceof WebhookVerificationError ? last.message : '';
  if (/timestamp/i.test(message)) throw unauthorized('WEBHOOK.STALE_OR_FUTURE', 'The webhook timestamp is outside the 5-minute tolerance.');
  throw unauthorized('WEBHOOK.BAD_SIGNATURE', 'No signature matches this body.');
}

/**
 * A webhook id is one delivery of one work order: the same id again with another order is the
 * hotline's bug, and answering "duplicate" would drop that order silently — so it is a 409 the
 * hotline sees, and a warning in our log.
 */
async function refuseReusedWebhookId(webhookId: string, orderNo: string, log: Logger): Promise<void> {
  const earlier = (await eventStore().load<{ orderNo: string }>(webhookStream(webhookId)))?.state;
  if (!earlier || earlier.orderNo === orderNo) return;
  log.warn('webhook id reused for another work order', { webhookId, orderNo, earlierOrderNo: earlier.orderNo });
  throw new DomainError(
    'WEBHOOK.ID_REUSED',
    `Webhook id ${webhookId} was already delivered with work order ${earlier.orderNo}; a new work order needs a new webhook id.`,
  );
}

/** Inline attachments go to the document store first, named by content, so a redelivery rewrites the same objects. */
function storeInlineAttachments(order: WorkOrder): Promise<(StoredAttachment | undefined)[]> {
  return Promise.all(
    order.attachments.map(async (a) => {
      if (!('base64' in a)) return undefined;
      const bytes = Buffer.from(a.base64, 'base64');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const blobKey = `complaints/${order.orderNo}/${sha256}`;
      await blobStore().put(blobKey, bytes, a.contentType);
      return { blobKey, sha256, bytes: bytes.length };
    }),
  );
}

/**
 * POST /v1/webhooks/hotline-12398 — a work order pushed by the 12398 hotline (P1). Verified, stored
 * once (a redelivery of the webhook id or of the order number is a 200 that changes nothing),
 * routed to its region's agency, the complainant sealed (P4). Answers at once; the handling is
 * the complaint workflow's.
 */
export const receiveHotlineWorkOrder: Operation<Routes['receiveHotlineWorkOrder']> = async (req) => {
  try {
    const reply = await receive12398(req);
    if (reply.status === 200) count('WebhookDeliveries', { outcome: 'duplicate', reason: 'redelivery' });
    return reply;
  } catch (e) {
    // Refused deliveries store nothing, so no event counts them: counted here by their reason (the problem's code).
    count('WebhookDeliveries', { outcome: 'rejected', reason: e instanceof DomainError ? e.code : 'INTERNAL' });
    throw e;
  }
};

async function receive12398({ rawBody, headers, now, log }: Parameters<Operation<Routes['receiveHotlineWorkOrder']>>[0]) {
  const webhookId = verifiedDelivery(rawBody, headers, await hotlineSecrets());
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new DomainError('REQUEST.MALFORMED_JSON', 'The body is not valid JSON.');
  }
  const parsed = WorkOrder.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, '$.body');
  const order = parsed.data;
  const store = eventStore();
  await refuseReusedWebhookId(webhookId, order.orderNo, log);
  const existing = await store.load<Complaint>(complaintStream(order.orderNo));
  if (existing) return { status: 200, body: { complaintId: existing.state.complaintId, duplicate: true } };
  const sealed = order.complainant.anonymous
    ? undefined
    : await seal(piiKeys(), JSON.stringify({ name: order.complainant.name, contact: order.complainant.contact }), { complaint: order.orderNo });
  const decision = receive(order, webhookId, sealed, await storeInlineAttachments(order), now, calendar);
  try {
    await appendDecisions(
      store,
      [
        {
          stream: webhookStream(webhookId),
          current: undefined,
          decision: { events: [{ type: 'WebhookDelivered', data: { orderNo: order.orderNo } }], state: { orderNo: order.orderNo } },
        },
        { stream: complaintStream(order.orderNo), current: undefined, decision },
      ],
      { actor: 'hotline-12398', at: now },
    );
  } catch (e) {
    // A concurrent or earlier delivery of the same webhook id or order number won: nothing changes — unless the id came with another order.
    if (e instanceof DomainError && e.code === 'CONCURRENCY.VERSION_CONFLICT') {
      await refuseReusedWebhookId(webhookId, order.orderNo, log);
      return { status: 200, body: { complaintId: order.orderNo, duplicate: true } };
    }
    throw e;
  }
  log.info('work order received', { orderNo: order.orderNo, type: order.type, agencyId: decision.state.agencyId });
  return { status: 202, body: { complaintId: order.orderNo, agencyId: decision.state.agencyId, status: 'received' } };
}
