import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import type { WorkingDayCalendar } from '../../platform/calendar';
import type { Sealed } from '../../platform/envelope';
import { confidentialFields, randomSalt } from '../../platform/event-store';
import { agencyForRegion, RegionCode } from '../../platform/regions';
import { Uscc } from '../../enterprises/domain/uscc';
import { type Complaint, firstDeadline } from './complaint';

/**
 * A 12398 hotline work order as the hotline platform pushes it (DOMAIN P1; docs/hotline-webhook.md),
 * and the complaint it becomes: stored once, classified, routed to the agency of its region (属地),
 * with its first deadline. The complainant's identity is sealed before it is stored (P4).
 */
const MAX_INLINE_BYTES = 100 * 1024;
const Attachment = z.union([
  z.object({ fileName: z.string().min(1).max(255), url: z.url({ protocol: /^https$/ }) }),
  z.object({
    fileName: z.string().min(1).max(255),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    base64: z
      .string()
      .max(Math.ceil((MAX_INLINE_BYTES * 4) / 3) + 4, `an inline attachment is at most ${MAX_INLINE_BYTES} bytes`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  }),
]);

export const WorkOrderType = z.enum(['complaint', 'report', 'consultation', 'other']);
export const BusinessArea = z.enum([
  'supply-service',
  'connection',
  'fees-and-prices',
  'licensing-and-market-access',
  'power-safety',
  'renewables-grid-connection',
  'other',
]);

export const WorkOrder = z.object({
  orderNo: z.string().regex(/^[A-Za-z0-9-]{6,40}$/, 'the hotline work-order number'),
  receivedAt: z.iso.datetime({ offset: true }),
  channel: z.enum(['phone', 'wechat', 'app', 'email', 'fax']),
  type: WorkOrderType,
  businessArea: BusinessArea,
  regionCode: RegionCode,
  party: z
    .object({ name: z.string().trim().min(1).max(200).optional(), uscc: Uscc.optional() })
    .refine((p) => p.name || p.uscc, 'name the party complained about, by name or unified social credit code')
    .optional(),
  facts: z.string().trim().min(2).max(8000),
  request: z.string().trim().max(4000).default(''),
  complainant: z.union([
    z.object({ anonymous: z.literal(true) }),
    z.object({ anonymous: z.literal(false).default(false), name: z.string().trim().min(1).max(100), contact: z.string().trim().min(3).max(200) }),
  ]),
  attachments: z.array(Attachment).max(5).default([]),
});
export type WorkOrder = z.infer<typeof WorkOrder>;

export const webhookStream = (webhookId: string): string => `WEBHOOK#hotline-12398#${webhookId}`;

/** Where an inline attachment was put in the document store before the order was recorded. */
export interface StoredAttachment {
  blobKey: string;
  sha256: string;
  bytes: number;
}

/** P1: the complaint a verified work order becomes — routed to its region's agency, its first deadline 5 WD away. */
export function receive(
  order: WorkOrder,
  webhookId: string,
  sealedComplainant: Sealed | undefined,
  stored: readonly (StoredAttachment | undefined)[],
  at: Date,
  cal: WorkingDayCalendar,
  salt: () => string = randomSalt,
): Decision<Complaint, EventsOf<'complaint'>> {
  const agency = agencyForRegion(order.regionCode)!;
  const complaint: Complaint = {
    complaintId: order.orderNo,
    orderNo: order.orderNo,
    webhookId,
    receivedAt: order.receivedAt,
    channel: order.channel,
    type: order.type,
    businessArea: order.businessArea,
    regionCode: order.regionCode,
    agencyId: agency.id,
    ...(order.party ? { party: order.party } : {}),
    facts: order.facts,
    request: order.request,
    complainant: sealedComplainant ? { anonymous: false, sealed: sealedComplainant } : { anonymous: true },
    attachments: order.attachments.map((a, i) =>
      'url' in a ? { fileName: a.fileName, url: a.url } : { fileName: a.fileName, contentType: a.contentType, ...stored[i] },
    ),
    status: 'received',
    deadlines: [firstDeadline(order.type, at, cal)],
  };
  // What the enterprise complained about and other readers of the trail may not see (P4): committed to, not shown.
  const { complainant: _c, attachments, webhookId: _w, ...data } = complaint;
  return {
    events: [
      {
        type: 'WorkOrderReceived',
        data,
        confidential: confidentialFields({ complainant: complaint.complainant.anonymous ? 'anonymous' : 'sealed', attachments, webhookId }, salt),
      },
    ],
    state: complaint,
  };
}
