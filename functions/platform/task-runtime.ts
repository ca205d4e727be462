import * as z from 'zod';
import type { ContextName } from '../contexts';
import { logger } from './log';
import { tasks } from '../tasks';

/**
 * One task function per context: Step Functions invokes it with `{task, input}` (the ASL's
 * Payload) and it runs the named task. Errors propagate so that the ASL's Retry/Catch see them.
 */
export const TaskEvent = z.object({ task: z.string().min(1), input: z.unknown() });
export type TaskFn = (input: unknown) => Promise<unknown>;

export function createTaskHandler(context: ContextName, implementations: Record<string, TaskFn>) {
  const expected = Object.values(tasks).filter((t) => t.context === context).map((t) => t.task as string);
  const missing = expected.filter((t) => !implementations[t]);
  if (missing.length) throw new Error(`context ${context} does not implement tasks: ${missing.join(', ')}`);
  return async (event: unknown): Promise<unknown> => {
    const { task, input } = TaskEvent.parse(event);
    const fn = implementations[task];
    if (!fn) throw new Error(`unknown task ${task} for context ${context}`);
    const started = Date.now();
    const result = await fn(input);
    logger.info('task', { context, task, ms: Date.now() - started });
    return result;
  };
}
