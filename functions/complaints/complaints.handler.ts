import { streamAudit } from '../platform/audit';
import type { EventsOf } from '../events';
import type { Decision } from '../platform/aggregate';
import { assertInScope, type Holder, type Principal } from '../platform/auth';
import { runCommand } from '../platform/command';
import { shanghaiDate } from '../platform/calendar';
import { clock } from '../platform/clock';
import { calendar } from '../platform/config';
import { accessLog, eventStore, piiKeys, workflows } from '../platform/deps';
import { open } from '../platform/envelope';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import { executionNameFor } from '../platform/workflows';
import type { Routes } from '../routes';
import { assign, type Complaint, complaintStream, coveredFor, decideAcceptance, extend, recordCallback, recordFindings, reply } from './domain/complaint';
import { coversForAbsent } from '../supervision/absences';
import { type HotlineNotification, notificationStream } from './domain/hotline-notification';
import { statisticsOfCounts } from './domain/statistics';
import { hotlineMonthTally } from './tallies';
import { DEAD_LETTERS_KEY, agencyComplaintsKey } from './indexes';

/**
 * Who sees what of a complaint (P4, by need to know). Its handlers — the routed agency's supervisors, the handler it is
 * assigned to and a colleague covering for that handler's absence — see the complainant and the attachments, and each
 * opening is on the access log. Everyone else who may read it — the agency's other staff, the enterprise complained
 * about, administrators — sees it masked: no complainant, no attachments, no webhook id. Anyone else: 403.
 */
type Audience = 'handler' | 'masked';

/** A complaint belongs to the agency it was routed to and, once matched, to the enterprise complained about. */
const complaintHolder = (c: Complaint): Holder => ({
  what: `Complaint ${c.complaintId}`,
  agencyIds: [c.agencyId],
  ...(c.link?.matched ? { uscc: c.link.uscc } : {}),
});

async function audienceOf(p: Principal, c: Complaint, now: Date): Promise<Audience> {
  assertInScope(p, complaintHolder(c));
  if (!('agencyId' in p)) return 'masked';
  if (p.role === 'supervisor' || c.assignee?.staffId === p.sub) return 'handler';
  return p.role === 'inspector' && c.assignee && (await coversForAbsent(c.agencyId, c.assignee.staffId, p.sub, now)) ? 'handler' : 'masked';
}

const complaintNotFound = (id: string) => new DomainError('COMPLAINT.NOT_FOUND', `No complaint ${id}.`);

async function load(id: string): Promise<Snapshot<Complaint>> {
  const s = await eventStore().load<Complaint>(complaintStream(id));
  if (!s) throw complaintNotFound(id);
  return s;
}

async function view(c: Complaint, version: number, audience: Audience, p: Principal, requestId: string, now: Date) {
  const { complainant, attachments, webhookId: _w, ...rest } = c;
  if (audience === 'masked') return { ...rest, version, complainant: 'confidential' as const };
  let shown: { anonymous: true } | { anonymous: false; name: string; contact: string } = { anonymous: true };
  if (!complainant.anonymous) {
    shown = { anonymous: false, ...(JSON.parse(await open(piiKeys(), complainant.sealed, { complaint: c.complaintId })) as { name: string; contact: string }) };
    await accessLog().record(complaintStream(c.complaintId), { action: 'complainant-opened', actor: p.sub, at: now.toISOString(), requestId });
  }
  return { ...rest, version, complainant: shown, attachments };
}

/** A staff step on a complaint of the caller's agency (the route admits handlers only). */
async function command(p: Principal, id: string, now: Date, requestId: string, decide: (c: Complaint) => Decision<Complaint, EventsOf<'complaint'>>) {
  const complaint = await runCommand(
    {
      stream: complaintStream(id),
      missing: () => complaintNotFound(id),
      holder: complaintHolder,
      // 顶岗补位: a step by the colleague covering for the absent handler is a hand-over.
      decide: async (c: Complaint) => ((await coversForAbsent(c.agencyId, c.assignee?.staffId, p.sub, now)) ? coveredFor(decide(c), p.sub, now) : decide(c)),
      view: async (c: Complaint, version: number) => view(c, version, await audienceOf(p, c, now), p, requestId, now),
    },
    { principal: p, at: now },
  );
  return { body: complaint };
}

/** Who a work order is about, as the queue names it: the enterprise it was matched to (P3), else the name the hotline took. */
const partyNameOf = (c: Complaint): { partyName?: string } => {
  const partyName = c.link?.matched ? c.link.name : c.party?.name;
  return partyName ? { partyName } : {};
};

/** GET /v1/complaints — the caller's agency's complaints, newest first. */
export const listComplaints: Operation<Routes['listComplaints']> = async ({ query, principal }) => {
  const page = await eventStore().list<Complaint>('gsi1', agencyComplaintsKey(principal.agencyId), { limit: query.limit ?? 50, cursor: query.cursor });
  const items = page.items
    .map(({ state: c, version }) => ({
      complaintId: c.complaintId,
      orderNo: c.orderNo,
      receivedAt: c.receivedAt,
      type: c.type,
      businessArea: c.businessArea,
      channel: c.channel,
      regionCode: c.regionCode,
      status: c.status,
      outcome: c.outcome,
      party: c.party,
      ...partyNameOf(c),
      deadlines: c.deadlines,
      // Whose it is (the workbench's queue): a staff id, no personal data.
      ...(c.assignee ? { assignee: { staffId: c.assignee.staffId } } : {}),
      version,
    }))
    .filter((c) => !query.status || c.status === query.status);
  return { body: { items, ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** GET /v1/complaints/{id} */
export const getComplaint: Operation<Routes['getComplaint']> = async ({ params, principal, requestId, now }) => {
  const { state, version } = await load(params.id);
  return { body: await view(state, version, await audienceOf(principal, state, now), principal, requestId, now) };
};

/**
 * GET /v1/complaints/{id}/audit — the work order's events and whether their chain holds (X1); its readers as for the
 * complaint, and each sees no more than in the complaint: a masked reader gets the confidential fields' commitments only.
 */
export const getComplaintAudit: Operation<Routes['getComplaintAudit']> = async ({ params, principal, requestId, now }) => {
  const { state } = await load(params.id);
  const disclose = (await audienceOf(principal, state, now)) === 'handler';
  if (disclose)
    await accessLog().record(complaintStream(params.id), { action: 'complaint-trail-opened', actor: principal.sub, at: now.toISOString(), requestId });
  return { body: await streamAudit(complaintStream(params.id), { disclose }) };
};

export const decideComplaintAcceptance: Operation<Routes['decideComplaintAcceptance']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => decideAcceptance(c, body, principal.sub, now, calendar));

export const assignComplaint: Operation<Routes['assignComplaint']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => assign(c, body.staffId, principal.sub, now));

export const extendComplaint: Operation<Routes['extendComplaint']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => extend(c, body.days, body.reason, principal.sub, now, calendar));

export const recordComplaintFindings: Operation<Routes['recordComplaintFindings']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => recordFindings(c, body, principal.sub, now));

export const replyToComplaint: Operation<Routes['replyToComplaint']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => reply(c, body.text, principal.sub, now));

export const recordComplaintCallback: Operation<Routes['recordComplaintCallback']> = async ({ params, body, principal, requestId, now }) =>
  command(principal, params.id, now, requestId, (c) => recordCallback(c, body, principal.sub, now));

/** GET /v1/hotline-notifications/dead-letters — notifications the hotline never took (operators). */
export const listHotlineDeadLetters: Operation<Routes['listHotlineDeadLetters']> = async ({ query }) => {
  const page = await eventStore().list<HotlineNotification>('gsi1', DEAD_LETTERS_KEY, { limit: query.limit ?? 50, cursor: query.cursor });
  return { body: { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** POST /v1/hotline-notifications/{complaintId}/{kind}/redrive — send a dead-lettered notification again. */
export const redriveHotlineNotification: Operation<Routes['redriveHotlineNotification']> = async ({ params }) => {
  const n = (await eventStore().load<HotlineNotification>(notificationStream(params.complaintId, params.kind)))?.state;
  if (!n) throw new DomainError('NOTIFICATION.NOT_FOUND', `No ${params.kind} notification for complaint ${params.complaintId}.`);
  if (n.status !== 'dead-lettered') throw new DomainError('NOTIFICATION.NOT_DEAD_LETTERED', `The notification is ${n.status}.`);
  // One redrive per dead-lettering: the attempt count names the execution.
  const { executionArn } = await workflows().start('hotline-notify', executionNameFor(`${n.notificationId}@${n.attempts.length}`, 'hotline-notify'), {
    complaintId: params.complaintId,
    kind: params.kind,
  });
  return { status: 202, body: { notificationId: n.notificationId, executionArn } };
};

/** GET /v1/public/hotline-statistics?month=YYYY-MM (P5) */
export const getHotlineStatistics: Operation<Routes['getHotlineStatistics']> = async ({ query }) => {
  const today = shanghaiDate(clock.now());
  if (query.month > today.slice(0, 7)) throw new DomainError('STATISTICS.FUTURE_MONTH', `${query.month} has not begun.`);
  // The month's counters, kept by every append (functions/tallies.ts): O(groups), not O(work orders).
  const counts = await eventStore().readTally(hotlineMonthTally(query.month));
  return {
    body: {
      ...statisticsOfCounts(query.month, counts),
      asOf: clock.now().toISOString(),
      final: query.month < today.slice(0, 7),
    },
  };
};
