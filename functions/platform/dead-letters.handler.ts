import type { Routes } from '../routes';
import { clock } from './clock';
import { obligationStore, workflows } from './deps';
import { redrive } from './domain/obligation';
import { DomainError } from './errors';
import type { Operation } from './http/route';

/** GET /v1/operations/dead-letters — workflows that failed MAX_EXECUTIONS times, newest first. */
export const listWorkflowDeadLetters: Operation<Routes['listWorkflowDeadLetters']> = async ({ query }) => {
  const page = await obligationStore().deadLetters(query.limit ?? 50, query.cursor);
  return {
    body: {
      items: page.items.map((o) => ({ ...o, links: { redrive: `/v1/operations/dead-letters/${o.id}/redrive` } })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};

/** POST /v1/operations/dead-letters/{obligationId}/redrive — a new execution now; the reconciler follows it like any other. */
export const redriveWorkflowDeadLetter: Operation<Routes['redriveWorkflowDeadLetter']> = async ({ params }) => {
  const store = obligationStore();
  const stored = await store.load(params.obligationId);
  if (!stored) throw new DomainError('OBLIGATION.NOT_FOUND', `No obligation ${params.obligationId}.`);
  const next = redrive(stored.obligation, clock.now());
  await workflows().start(next.stateMachine, next.executionName, next.input);
  if (!(await store.save(next, stored.version))) throw new DomainError('CONCURRENCY.VERSION_CONFLICT', 'The obligation changed meanwhile; re-read and retry.');
  return { status: 202, body: { obligationId: next.id, executionName: next.executionName, status: next.status } };
};
