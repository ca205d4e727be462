import type { StoredEvent } from '../../platform/event-store';
import type { Application, CaseDeadline } from './application';
import { kindRules } from './guide';

/**
 * What the applicant (and staff) see of a case at any time (DOMAIN L6): status, every deadline
 * with its rule and state, the timeline of events, and what is awaited from whom.
 */
export type DeadlineState = 'met' | 'open' | 'paused' | 'breached';

export interface Awaiting {
  from: 'applicant' | 'agency' | 'platform' | 'nobody';
  what: string;
  dueDate?: string;
}

export const deadlineState = (d: CaseDeadline): DeadlineState => (d.metAt ? 'met' : d.breachedOn ? 'breached' : d.paused ? 'paused' : 'open');

export function awaiting(app: Application): Awaiting {
  const due = (kind: CaseDeadline['kind']) => app.deadlines.find((d) => d.kind === kind && !d.metAt)?.dueDate;
  switch (app.status) {
    case 'submitted':
      if (!app.intakeDone) return { from: 'platform', what: 'intake checks (completeness, credit, online verification)' };
      return { from: 'agency', what: 'acceptance, refusal with reasons, or one correction notice listing every deficiency', dueDate: due('acceptance') };
    case 'correction-requested':
      return {
        from: 'applicant',
        what: `the items of the correction notice: ${app.correctionNotice!.deficiencies.map((d) => ('materialType' in d ? d.materialType : d.condition)).join('; ')}`,
      };
    case 'under-review': {
      const open = app.pauses.find((p) => !p.endDate);
      if (open) return { from: 'agency', what: `${open.kind} (expected ${open.expectedWorkingDays} working days; the decision clock is paused)` };
      return { from: 'agency', what: 'the decision', dueDate: due('decision') };
    }
    case 'granted':
      if (!app.licenseIssued && kindRules(app.matterKind).issuesLicense) return { from: 'agency', what: 'issuance of the license', dueDate: due('issuance') };
      if (!app.publishedAt) return { from: 'agency', what: 'publication of the decision', dueDate: due('publication') };
      return { from: 'nobody', what: 'nothing: the case is finished (you may review it)' };
    case 'denied':
    case 'refused':
    case 'withdrawn':
      return { from: 'nobody', what: 'nothing: the case is finished (you may review it)' };
  }
}

/** A notification the platform sent about the case, as its timeline shows it (enterprises/notifications.ts). */
export interface CaseNotification {
  notificationId: string;
  /** The event that called for it (`<stream>@<seq>`). */
  eventId: string;
  kind: string;
  title: string;
  status: string;
  createdAt: string;
  deliveries: { channel: string; to: string; status: string }[];
}

type TimelineEntry =
  | { seq: number; type: string; at: string; actor: string; data: Record<string, unknown> }
  | { type: 'Notification'; at: string; notification: CaseNotification };

/** The timeline: the case's events, each followed by the notification it called for (at the time it was made). */
function timelineOf(events: readonly StoredEvent[], notifications: readonly CaseNotification[]): TimelineEntry[] {
  const byCause = new Map(notifications.map((n) => [n.eventId, n]));
  return events.flatMap((e): TimelineEntry[] => {
    const entry: TimelineEntry = { seq: e.seq, type: e.type, at: e.at, actor: e.actor, data: e.data };
    const n = byCause.get(`${e.stream}@${e.seq}`);
    return n ? [entry, { type: 'Notification', at: n.createdAt, notification: n }] : [entry];
  });
}

export function caseView(app: Application, version: number, events: readonly StoredEvent[], notifications: readonly CaseNotification[] = []) {
  return {
    ...app,
    version,
    deadlines: app.deadlines.map((d) => ({ ...d, state: deadlineState(d) })),
    visitsCount: app.visits.length,
    awaiting: awaiting(app),
    timeline: timelineOf(events, notifications),
  };
}
