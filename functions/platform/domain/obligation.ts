import { guard, lifecycle, permits } from './lifecycle';
import { shardOf } from '../hash';
import { maskString } from '../log';

/**
 * "Every workflow that should run, runs, exactly once" (DESIGN.md, Nothing is lost between steps).
 * An event that calls for a workflow carries the obligation to run it: recorded in the same
 * transaction as the event, it stays open until an execution of that workflow succeeds. The
 * reconciler looks at each open obligation when it falls due: never started (a crash, a start that
 * failed for good) → start it; running → look again later; succeeded → done; failed, timed out or
 * aborted → retry under the next name after a backoff, and after MAX_EXECUTIONS a dead letter that
 * an operator sees and can redrive. Pure: the adapter stores, the reconciler task acts.
 */
export type ObligationStatus = 'open' | 'done' | 'dead-lettered';

export interface ObligationExecution {
  name: string;
  outcome?: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  error?: string;
  endedAt?: string;
}

export interface Obligation {
  /** The first execution's name (`<state machine>-<hash of the cause>`): unique per cause and workflow. */
  id: string;
  stateMachine: string;
  /** What called for it: the event id (`<stream>@<seq>`). */
  cause: string;
  /** The workflow's input (ids only, and the correlation). */
  input: Record<string, unknown>;
  status: ObligationStatus;
  /** The execution that counts now; retries and redrives get names of their own. */
  executionName: string;
  executions: ObligationExecution[];
  createdAt: string;
  /** When the reconciler looks at it next (open only). */
  nextCheckAt?: string;
  doneAt?: string;
  deadLetteredAt?: string;
}

/** How an execution stands, as Step Functions answers DescribeExecution. */
export type ExecutionState =
  { status: 'NOT_FOUND' } | { status: 'RUNNING' } | { status: 'SUCCEEDED' } | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string };

/** THE table of an obligation's lifecycle: the reconciler moves an open one on; an operator redrives a dead letter. */
export const OBLIGATION_LIFECYCLE = lifecycle<ObligationStatus, 'reconcile' | 'redrive'>({
  name: 'obligation',
  refusal: 'OBLIGATION.NOT_DEAD_LETTERED',
  creation: { action: 'record with its event', to: 'open' },
  finals: ['done'],
  actions: { open: ['reconcile'], 'dead-lettered': ['redrive'], done: [] },
  targets: { reconcile: ['open', 'done', 'dead-lettered'], redrive: ['open'] },
});

export const MAX_EXECUTIONS = 5;
/** The stream handler starts the workflow at once; the reconciler's first look leaves it that long. */
export const FIRST_CHECK_AFTER_MS = 2 * 60_000;
/** A running or just started execution is looked at again after this. */
export const RECHECK_AFTER_MS = 5 * 60_000;
/** Before the n-th retry (n ≥ 1): 1, 2, 4, 8 minutes. */
export const retryDelayMs = (retry: number): number => 60_000 * 2 ** (retry - 1);

export const OBLIGATION_SHARDS = 8;
/** Open obligations are spread over shards of the due index, so that no single partition takes every write. */
export const obligationShard = (id: string): number => shardOf(id, OBLIGATION_SHARDS);

const later = (at: Date, ms: number): string => new Date(at.getTime() + ms).toISOString();

export function newObligation(call: { stateMachine: string; executionName: string; input: Record<string, unknown> }, cause: string, at: Date): Obligation {
  return {
    id: call.executionName,
    stateMachine: call.stateMachine,
    cause,
    input: call.input,
    status: 'open',
    executionName: call.executionName,
    executions: [{ name: call.executionName }],
    createdAt: at.toISOString(),
    nextCheckAt: later(at, FIRST_CHECK_AFTER_MS),
  };
}

/** What the reconciler does with an open obligation, given how its current execution stands. */
export function reconcile(o: Obligation, found: ExecutionState, now: Date): { next: Obligation; start: boolean } {
  if (!permits(OBLIGATION_LIFECYCLE, o.status, 'reconcile')) return { next: o, start: false };
  const ended = (outcome: ObligationExecution['outcome'], error?: string) =>
    o.executions.map((e) =>
      e.name === o.executionName ? { ...e, outcome, ...(error ? { error: maskString(error).slice(0, 500) } : {}), endedAt: now.toISOString() } : e,
    );
  switch (found.status) {
    case 'NOT_FOUND':
      return { next: { ...o, nextCheckAt: later(now, RECHECK_AFTER_MS) }, start: true };
    case 'RUNNING':
      return { next: { ...o, nextCheckAt: later(now, RECHECK_AFTER_MS) }, start: false };
    case 'SUCCEEDED': {
      const { nextCheckAt: _n, ...rest } = o;
      return { next: { ...rest, status: 'done', executions: ended('SUCCEEDED'), doneAt: now.toISOString() }, start: false };
    }
    case 'FAILED':
    case 'TIMED_OUT':
    case 'ABORTED': {
      const executions = ended(found.status, found.error);
      const failures = failuresSinceRedrive({ ...o, executions });
      if (failures >= MAX_EXECUTIONS) {
        const { nextCheckAt: _n, ...rest } = o;
        return { next: { ...rest, status: 'dead-lettered', executions, deadLetteredAt: now.toISOString() }, start: false };
      }
      // The retry gets a name of its own (a failed execution's name cannot run again) and starts when its backoff is over.
      const name = `${o.id}-r${executions.length}`;
      return { next: { ...o, executions: [...executions, { name }], executionName: name, nextCheckAt: later(now, retryDelayMs(failures)) }, start: false };
    }
    default:
      return found satisfies never;
  }
}

/** An operator's redrive of a dead letter: a new execution, started at once, and MAX_EXECUTIONS more chances. */
export function redrive(o: Obligation, now: Date): Obligation {
  guard(OBLIGATION_LIFECYCLE, o.status, 'redrive', `The workflow is ${o.status}.`);
  const name = `${o.id}-d${o.executions.length}`;
  const { deadLetteredAt: _d, ...rest } = o;
  return { ...rest, status: 'open', executions: [...o.executions.map((e) => ({ ...e })), { name }], executionName: name, nextCheckAt: now.toISOString() };
}

/** How many failed executions count towards the dead letter: those since the last redrive. */
export const failuresSinceRedrive = (o: Obligation): number => {
  const lastRedrive = o.executions.map((e) => e.name).findLastIndex((n) => /-d\d+$/.test(n));
  return o.executions.slice(lastRedrive + 1).filter((e) => e.outcome && e.outcome !== 'SUCCEEDED').length;
};
