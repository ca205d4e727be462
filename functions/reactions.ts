import type { EventType } from './events';
import { eventId, type StoredEvent } from './platform/event-store';
import { executionNameFor } from './platform/workflows';
import type { StateMachineName } from './tasks';
import { callsForNotice } from './notices';

/**
 * Reactions to domain events: an event type → the workflows it calls for. Each is an obligation
 * recorded with the event itself (in the same transaction, platform/obligations.ts): the stream
 * handler starts it at once, and the reconciler makes sure it ran — restarting it after a crash, a
 * failed start or a failed execution. The execution name derives from the event id, so however
 * often a start is attempted, the workflow runs once. Inputs carry ids only (they are kept in the
 * execution history, which operators read): tasks read what else they need.
 */
export interface Reaction {
  stateMachine: StateMachineName;
  input: (event: StoredEvent) => Record<string, string>;
  /** Only some events of the type call for it (default: all). */
  when?: (event: StoredEvent) => boolean;
}

const caseOf = (e: StoredEvent) => ({ caseId: e.stream.slice('APPLICATION#'.length) });
const complaintOf = (e: StoredEvent) => ({ complaintId: e.stream.slice('COMPLAINT#'.length) });
/** The event itself, by id: what follows happens once however often delivered (e.g. one credit record per finding, C1). */
const byId = (e: StoredEvent) => ({ eventId: eventId(e) });

const creditIntake: readonly Reaction[] = [{ stateMachine: 'credit-intake', input: byId }];
/** The enterprise is told (functions/notices.ts): one notification per event. */
const notify: Reaction = { stateMachine: 'enterprise-notify', input: byId, when: callsForNotice };

export const reactions = {
  ApplicationSubmitted: [{ stateMachine: 'licensing-intake', input: caseOf }],
  ApplicationGranted: [{ stateMachine: 'licensing-decision', input: caseOf }, notify],
  LicenseImportRequested: [{ stateMachine: 'license-import', input: (e) => ({ importId: e.stream.slice('LICENSE-IMPORT#'.length) }) }],
  WorkOrderReceived: [{ stateMachine: 'complaint-intake', input: complaintOf }],
  ComplaintClosed: [{ stateMachine: 'hotline-notify', input: (e) => ({ ...complaintOf(e), kind: 'closed' }) }],
  // The contracts (functions/contracts.ts): another context's workflow acts on them.
  TargetedInspectionRequested: [{ stateMachine: 'supervision-clue', input: byId }],
  PostApprovalVerificationDue: [{ stateMachine: 'supervision-clue', input: byId }],
  PenaltyDecided: creditIntake,
  InspectionFindingRecorded: creditIntake,
  FalseCommitmentFound: creditIntake,
  ComplaintSubstantiated: creditIntake,
  // What the enterprise is told (every row of functions/notices.ts; a test checks they agree).
  CorrectionNoticeIssued: [notify],
  ApplicationAccepted: [notify],
  ApplicationDeemedAccepted: [notify],
  DecisionPeriodExtended: [notify],
  ApplicationDenied: [notify],
  ApplicationRefused: [notify],
  LicenseIssued: [notify],
  LicenseRenewed: [notify],
  LicenseChanged: [notify],
  LicenseImported: [notify],
  LicenseRenewalReminderDue: [notify],
  InspectionOutcomeDecided: [notify],
} as const satisfies Partial<Record<EventType, readonly Reaction[]>>;

export type ReactionTable = Readonly<Partial<Record<string, readonly Reaction[]>>>;

/** A workflow an event calls for: which, under what name, with what input (the correlation included). */
export interface WorkflowCall {
  stateMachine: StateMachineName;
  executionName: string;
  input: Record<string, unknown>;
}

export function workflowsCalledFor(event: StoredEvent, table: ReactionTable = reactions): WorkflowCall[] {
  const id = eventId(event);
  return (table[event.type] ?? [])
    .filter((r) => r.when?.(event) ?? true)
    .map((r) => ({
      stateMachine: r.stateMachine,
      executionName: executionNameFor(id, r.stateMachine),
      input: { ...r.input(event), correlation: { eventId: id, ...(event.correlationId ? { requestId: event.correlationId } : {}) } },
    }));
}
