import type { StoredEvent } from '../../platform/event-store';
import type { Application, CaseDeadline } from './application';
import { kindRules } from './guide';

/**
 * What the applicant (and staff) see of a case at any time (DOMAIN L6): status, every deadline
 * with its rule and state, the timeline of events, and what is awaited from whom.
 */
/** `stopped`: the acceptance period after the one correction notice — not met, not running: it starts again in full from the supplement (Art. 32). */
export type DeadlineState = 'met' | 'open' | 'paused' | 'breached' | 'stopped';

/** The next step a case needs, by name: the pages say it in their language; `what` says it in English for API readers. */
export type AwaitedStep = 'intake-checks' | 'acceptance' | 'supplement' | 'pause' | 'decision' | 'issuance' | 'publication' | 'finished';

export interface Awaiting {
  from: 'applicant' | 'agency' | 'platform' | 'nobody';
  step: AwaitedStep;
  what: string;
  dueDate?: string;
  /** supplement: the notice's items, each a material type or a condition (as the notice names it). */
  items?: string[];
  /** pause: what the decision clock waits for (Art. 45), and for how long it is expected to. */
  pause?: { kind: string; expectedWorkingDays: number };
}

export const deadlineState = (d: CaseDeadline, app?: Pick<Application, 'status'>): DeadlineState =>
  d.kind === 'acceptance' && app?.status === 'correction-requested' && !d.breachedOn
    ? 'stopped'
    : d.metAt
      ? 'met'
      : d.breachedOn
        ? 'breached'
        : d.paused
          ? 'paused'
          : 'open';

const FINISHED: Awaiting = { from: 'nobody', step: 'finished', what: 'nothing: the case is finished (you may review it)' };

export function awaiting(app: Application): Awaiting {
  const due = (kind: CaseDeadline['kind']) => app.deadlines.find((d) => d.kind === kind && !d.metAt)?.dueDate;
  switch (app.status) {
    case 'submitted':
      if (!app.intakeDone) return { from: 'platform', step: 'intake-checks', what: 'intake checks (completeness, credit, online verification)' };
      return {
        from: 'agency',
        step: 'acceptance',
        what: 'acceptance, refusal with reasons, or one correction notice listing every deficiency',
        dueDate: due('acceptance'),
      };
    case 'correction-requested': {
      const items = app.correctionNotice!.deficiencies.map((d) => ('materialType' in d ? d.materialType : d.condition));
      return { from: 'applicant', step: 'supplement', what: `the items of the correction notice: ${items.join('; ')}`, items };
    }
    case 'under-review': {
      const open = app.pauses.find((p) => !p.endDate);
      if (open)
        return {
          from: 'agency',
          step: 'pause',
          what: `${open.kind} (expected ${open.expectedWorkingDays} working days; the decision clock is paused)`,
          pause: { kind: open.kind, expectedWorkingDays: open.expectedWorkingDays },
        };
      return { from: 'agency', step: 'decision', what: 'the decision', dueDate: due('decision') };
    }
    case 'granted':
      if (!app.licenseIssued && kindRules(app.matterKind).issuesLicense)
        return { from: 'agency', step: 'issuance', what: 'issuance of the license', dueDate: due('issuance') };
      if (!app.publishedAt) return { from: 'agency', step: 'publication', what: 'publication of the decision', dueDate: due('publication') };
      return FINISHED;
    case 'denied':
    case 'refused':
    case 'withdrawn':
      return FINISHED;
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
    deadlines: app.deadlines.map((d) => ({ ...d, state: deadlineState(d, app) })),
    visitsCount: app.visits.length,
    awaiting: awaiting(app),
    timeline: timelineOf(events, notifications),
  };
}
