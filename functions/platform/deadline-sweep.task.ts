import * as z from 'zod';
import { IsoDate, shanghaiDate } from './calendar';
import { clock } from './clock';
import { appendDecisions, type Decision } from './aggregate';
import { eventStore } from './deps';

const Input = z.object({ day: IsoDate.optional() }).catch({});

/**
 * Task listDueStreams: every projection whose next statutory deadline ended before `day` (default
 * today in Asia/Shanghai), with its kind, for the sweep to route to the owning context (X2).
 */
export async function listDueStreams(input: unknown): Promise<{ day: string; items: { stream: string; kind: string }[] }> {
  const day = Input.parse(input ?? {}).day ?? shanghaiDate(clock.now());
  const streams = await eventStore().dueStreams(day);
  return { day, items: streams.map((stream) => ({ stream, kind: stream.split('#')[0]! })) };
}

/**
 * A context's sweep task for one listed stream: load it, let the pure `sweep` decide on the
 * platform clock's now, append on the version read. Idempotent: a stream already swept today has
 * nothing left to flag.
 */
export function sweepTask<S>(sweep: (state: S, now: Date) => Decision<S>) {
  return async (input: unknown): Promise<{ stream: string; events: number }> => {
    const { stream } = z.object({ stream: z.string() }).parse(input);
    const current = await eventStore().load<S>(stream);
    if (!current) return { stream, events: 0 };
    const now = clock.now();
    const decision = sweep(current.state, now);
    await appendDecisions(eventStore(), [{ stream, current, decision }], { actor: 'system:deadline-sweep', at: now });
    return { stream, events: decision.events.length };
  };
}
