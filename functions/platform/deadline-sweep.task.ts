import * as z from 'zod';
import { IsoDate, shanghaiDate } from './calendar';
import { clock } from './clock';
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
