import * as z from 'zod';
import { appendDecisions } from '../platform/aggregate';
import { shanghaiDate } from '../platform/calendar';
import { clock } from '../platform/clock';
import { eventStore } from '../platform/deps';
import { createTaskHandler } from '../platform/task-runtime';
import { expire, type License } from '../licensing/domain/license';

/** deadline-sweep: a license expires by itself the day after its last day of validity (E2). */
export async function sweepLicense(input: unknown): Promise<{ stream: string; events: number }> {
  const { stream } = z.object({ stream: z.string() }).parse(input);
  const current = await eventStore().load<License>(stream);
  if (!current) return { stream, events: 0 };
  const now = clock.now();
  const decision = expire(current.state, shanghaiDate(now));
  await appendDecisions(eventStore(), [{ stream, current, decision }], { actor: 'system:deadline-sweep', at: now });
  return { stream, events: decision.events.length };
}

/** The licenses context's task function. */
export const handler = createTaskHandler('licenses', { sweepLicense });
