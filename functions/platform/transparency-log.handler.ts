import type { Routes } from '../routes';
import { shanghaiDate } from './calendar';
import { auditStore, eventStore } from './deps';
import { parseCheckpoint } from './domain/checkpoint-note';
import { consistencyProof, inclusionProof } from './domain/merkle';
import { LOG_STREAM, logLeavesKey, type TransparencyLog } from './domain/transparency-log';
import { DomainError } from './errors';
import type { Operation } from './http/route';

const empty = () => new DomainError('LOG.EMPTY', 'The transparency log has no checkpoint yet: the first day is added when it is sealed.');
const KEYS = '/v1/public/keys';

async function loadLog(): Promise<TransparencyLog> {
  const log = (await eventStore().load<TransparencyLog>(LOG_STREAM))?.state;
  if (!log) throw empty();
  return log;
}

/** A tree size the log has had a checkpoint for (each sealed day made one). */
function checkpointSize(log: TransparencyLog, size: number | undefined): number {
  if (size === undefined) return log.size;
  if (!log.segments.some((s) => s.start + s.count === size)) throw new DomainError('LOG.NO_SUCH_CHECKPOINT', `The log has no checkpoint of size ${size}.`);
  return size;
}

/**
 * The leaves of the first `size` entries, as 32-byte event hashes, from the per-day files the log
 * was extended with. O(size): proofs are computed from the whole tree (tiles would make it O(log n)).
 */
async function leavesUpTo(log: TransparencyLog, size: number): Promise<Buffer[]> {
  const days = log.segments.filter((s) => s.start < size);
  const files = await Promise.all(days.map(async (s) => JSON.parse((await auditStore().get(logLeavesKey(s.day)))!.toString('utf8')) as { hashes: string[] }));
  return files
    .flatMap((f) => f.hashes)
    .slice(0, size)
    .map((h) => Buffer.from(h, 'hex'));
}

const view = (checkpoint: string, day: string) => {
  const { origin, size, root } = parseCheckpoint(checkpoint);
  return { origin, size, root: root.toString('hex'), day, checkpoint, keys: KEYS };
};

const checkpointOf = (e: { data: Record<string, unknown> }) => view(e.data.checkpoint as string, e.data.day as string);

/** GET /v1/public/checkpoints — the signed checkpoints of the transparency log, newest first (X1). */
export const listLogCheckpoints: Operation<Routes['listLogCheckpoints']> = async ({ query }) => {
  await loadLog();
  const events = await eventStore().readStream(LOG_STREAM);
  return {
    body: {
      items: events
        .reverse()
        .slice(0, query.limit ?? 30)
        .map(checkpointOf),
    },
  };
};

/** GET /v1/public/checkpoints/{size} — one checkpoint, as it was signed. */
export const getLogCheckpoint: Operation<Routes['getLogCheckpoint']> = async ({ params }) => {
  checkpointSize(await loadLog(), params.size);
  const event = (await eventStore().readStream(LOG_STREAM)).find((e) => e.data.size === params.size)!;
  return { body: checkpointOf(event), headers: { 'cache-control': 'public, max-age=86400, immutable' } };
};

/** GET /v1/public/checkpoints/{size}/inclusion?event=<stream@seq> — where an event's hash is in that tree, and the proof (RFC 9162 §2.1.3). */
export const getLogInclusion: Operation<Routes['getLogInclusion']> = async ({ params, query }) => {
  const log = await loadLog();
  const size = checkpointSize(log, params.size);
  const event = await eventStore().readEvent(query.event);
  if (!event) throw new DomainError('LOG.NOT_IN_LOG', `No event ${query.event}.`);
  const segment = log.segments.find((s) => s.day === shanghaiDate(new Date(event.at)));
  if (!segment || segment.start >= size)
    throw new DomainError('LOG.NOT_IN_LOG', `Event ${query.event} is not in the log of size ${size}: its day is added once sealed.`);
  const leaves = await leavesUpTo(log, size);
  const index = leaves.findIndex((l, i) => i >= segment.start && l.toString('hex') === event.hash);
  if (index < 0) throw new DomainError('LOG.NOT_IN_LOG', `Event ${query.event} is not among the leaves of ${segment.day}.`);
  return {
    body: { event: query.event, eventHash: event.hash, leafIndex: index, size, proof: inclusionProof(leaves, index, size).map((h) => h.toString('hex')) },
  };
};

/** GET /v1/public/checkpoints/{size}/consistency?from= — that this tree extends the tree of an earlier checkpoint (RFC 9162 §2.1.4). */
export const getLogConsistency: Operation<Routes['getLogConsistency']> = async ({ params, query }) => {
  const log = await loadLog();
  const to = checkpointSize(log, params.size);
  const from = checkpointSize(log, query.from);
  if (from > to) throw new DomainError('LOG.NO_SUCH_CHECKPOINT', 'A consistency proof goes from an earlier checkpoint to a later one.');
  return { body: { from, to, proof: consistencyProof(await leavesUpTo(log, to), from, to).map((h) => h.toString('hex')) } };
};
