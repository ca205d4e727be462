import * as z from 'zod';
import type { ContextName } from '../contexts';
import { logger, withLogContext } from './log';
import { coldStart, count } from './metrics';
import { tasks } from '../tasks';

/**
 * One task function per context: Step Functions invokes it with `{task, input, execution}` (the
 * ASL's Payload; `execution` is the Context Object's `$$.Execution`) and it runs the named task.
 * Every log line of the task carries the task, the execution's name, the aggregate it works on and
 * the request that set the workflow off. Errors propagate so that the ASL's Retry/Catch see them.
 */
export const TaskEvent = z.object({
  task: z.string().min(1),
  input: z.unknown(),
  execution: z
    .object({
      Name: z.string().optional(),
      Input: z
        .object({ correlation: z.object({ requestId: z.string().optional(), eventId: z.string().optional() }).optional() })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
});
export type TaskFn = (input: unknown) => Promise<unknown>;

/** The aggregate a task input names, for the log (the id fields workflow inputs use). */
const AGGREGATE_KEYS = ['stream', 'caseId', 'complaintId', 'licenseNo', 'drawId', 'inspectionId', 'planId', 'agencyId', 'eventId', 'day'] as const;
function aggregateOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const o = input as Record<string, unknown>;
  const key = AGGREGATE_KEYS.find((k) => typeof o[k] === 'string');
  return key ? `${key}:${o[key] as string}` : undefined;
}

export function createTaskHandler(context: ContextName, implementations: Record<string, TaskFn>) {
  const expected = Object.values(tasks)
    .filter((t) => t.context === context)
    .map((t) => t.task as string);
  const missing = expected.filter((t) => !implementations[t]);
  if (missing.length) throw new Error(`context ${context} does not implement tasks: ${missing.join(', ')}`);
  return async (event: unknown): Promise<unknown> => {
    const { task, input, execution } = TaskEvent.parse(event);
    const fn = implementations[task];
    if (!fn) throw new Error(`unknown task ${task} for context ${context}`);
    const correlation = execution?.Input?.correlation;
    const fields = {
      context,
      task,
      execution: execution?.Name,
      aggregate: aggregateOf(input),
      ...(correlation?.requestId ? { requestId: correlation.requestId } : {}),
      ...(correlation?.eventId ? { cause: correlation.eventId } : {}),
    };
    return withLogContext(fields, async () => {
      coldStart(`${context}-tasks`);
      const started = Date.now();
      try {
        const result = await fn(input);
        logger.info('task', { ms: Date.now() - started });
        return result;
      } catch (error) {
        count('WorkflowTaskFailures', { context, task });
        logger.warn('task failed', { ms: Date.now() - started, error });
        throw error;
      }
    });
  };
}
