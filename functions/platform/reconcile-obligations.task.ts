import * as z from 'zod';
import { clock } from './clock';
import { obligationStore, workflows } from './deps';
import { reconcile } from './domain/obligation';
import { logger } from './log';
import { count } from './metrics';
import { type Workflows } from './workflows';

/**
 * Task reconcileObligations (statemachines/reconcile-obligations, every 5 minutes, and at local
 * start-up with `all`): every open obligation that is due — or every open one — is compared with
 * its execution and moved on (platform/domain/obligation.ts). Starts are idempotent by execution
 * name and every write is conditioned on the version read, so two runs at once do nothing twice.
 */
const Input = z.object({ all: z.boolean().optional(), limit: z.number().int().min(1).max(5000).optional() }).catch({});
const PER_RUN = 1000;

export async function reconcileObligations(
  input: unknown,
  wf: Workflows = workflows(),
): Promise<{ checked: number; started: number; done: number; retried: number; deadLettered: number }> {
  const { all, limit } = Input.parse(input ?? {});
  const store = obligationStore();
  const now = clock.now();
  const tally = { checked: 0, started: 0, done: 0, retried: 0, deadLettered: 0 };
  for (const id of await store.due(all ? undefined : now.toISOString(), limit ?? PER_RUN)) {
    const stored = await store.load(id);
    if (!stored || stored.obligation.status !== 'open') continue;
    const o = stored.obligation;
    tally.checked++;
    const { next, start } = reconcile(o, await wf.status(o.stateMachine, o.executionName), now);
    // Start first: if the write below loses to another run, that run started the same name — one execution either way.
    if (start) await wf.start(next.stateMachine, next.executionName, next.input);
    if (!(await store.save(next, stored.version))) continue;
    if (start) tally.started++;
    if (next.status === 'done') tally.done++;
    else if (next.status === 'dead-lettered') {
      tally.deadLettered++;
      count('WorkflowDeadLetters', { stateMachine: next.stateMachine });
      logger.error('workflow dead-lettered', { obligation: next.id, stateMachine: next.stateMachine, cause: next.cause, executions: next.executions.length });
    } else if (next.executionName !== o.executionName) tally.retried++;
  }
  if (tally.checked) logger.info('obligations reconciled', tally);
  return tally;
}
