import { RECORD_SOURCES } from './credit/domain/credit';
import { eventId, type StoredEvent } from './platform/event-store';
import type { StateMachineName } from './tasks';

/**
 * Reactions to domain events, run by the stream handler (DynamoDB Streams → Lambda in AWS, the
 * local stream poller locally): an event type → the workflows it starts. The execution name is
 * derived from the event id, so a redelivered stream record never starts a workflow twice.
 * Contexts add their rows here as they gain automated steps.
 */
export interface Reaction {
  stateMachine: StateMachineName;
  input: (event: StoredEvent) => Record<string, unknown>;
}

const caseOf = (e: StoredEvent) => ({ caseId: e.stream.slice('APPLICATION#'.length) });
const complaintOf = (e: StoredEvent) => ({ complaintId: e.stream.slice('COMPLAINT#'.length) });

/** The event as a workflow's input: its id makes what follows happen once however often delivered (e.g. one credit record per finding, C1). */
const asInput = (e: StoredEvent) => ({ eventId: eventId(e), type: e.type, data: e.data });

export const reactions: Readonly<Record<string, readonly Reaction[]>> = {
  ApplicationSubmitted: [{ stateMachine: 'licensing-intake', input: caseOf }],
  ApplicationGranted: [{ stateMachine: 'licensing-decision', input: caseOf }],
  WorkOrderReceived: [{ stateMachine: 'complaint-intake', input: complaintOf }],
  TargetedInspectionRequested: [{ stateMachine: 'supervision-clue', input: asInput }],
  PostApprovalVerificationDue: [{ stateMachine: 'supervision-clue', input: asInput }],
  ComplaintClosed: [{ stateMachine: 'hotline-notify', input: (e) => ({ ...complaintOf(e), kind: 'closed' }) }],
  ...Object.fromEntries(Object.keys(RECORD_SOURCES).map((type) => [type, [{ stateMachine: 'credit-intake' as const, input: asInput }]])),
};
