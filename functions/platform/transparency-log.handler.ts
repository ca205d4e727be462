import type { Routes } from '../routes';
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

/** A sealed day's leaves never change: each day's file is read once per function instance, not once per question. */
const dayLeaves = new Map<string, Promise<string[]>>();
const leavesOfDay = (day: string): Promise<string[]> => {
  let leaves = dayLeaves.get(day);
  if (!leaves) {
    leaves = auditStore()
      .get(logLeavesKey(day))
      .then((b) => (JSON.parse(b!.toString('utf8')) as { hashes: string[] }).hashes);
    leaves.catch(() => dayLeaves.delete(day)); // a failed read is not remembered
    dayLeaves.set(day, leaves);
  }
  return leaves;
};

/**
 * The leaves of the first `size` entries, as hex event hashes, from the per-day files the log was extended with.
 * O(size) in memory: proofs are computed from the whole tree (tiles would make them O(log n)).
 */
async function leavesUpTo(log: TransparencyLog, size: number): Promise<string[]> {
  const days = log.segments.filter((s) => s.start < size);
  return (await Promise.all(days.map((s) => leavesOfDay(s.day)))).flat().slice(0, size);
}

const asBuffers = (leaves: string[]): Buffer[] => leaves.map((h) => Buffer.from(h, 'hex'));

/** Streams whose every event is public by law, which may be asked for by id: the draws (S3). */
const PUBLIC_STREAMS = /^DRAW#/;

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

/**
 * GET /v1/public/checkpoints/{size}/inclusion?leaf=<event hash> (or ?event=<stream@seq> of a public stream) — where
 * the event is in that tree, and the proof (RFC 9162 §2.1.3). Asked by the hash, which only who holds the event can
 * compute, the log answers no question about records the asker does not hold: an event that does not exist, one of a
 * day not sealed yet and one of a private stream asked by id get the same 404.
 */
export const getLogInclusion: Operation<Routes['getLogInclusion']> = async ({ params, query }) => {
  if ((query.leaf === undefined) === (query.event === undefined))
    throw new DomainError('LOG.ASK_BY_LEAF', "Ask by leaf=<the event's hash>, or by event=<stream@seq> for a public stream (a draw's).");
  const log = await loadLog();
  const size = checkpointSize(log, params.size);
  const absent = new DomainError('LOG.NOT_IN_LOG', `The tree of size ${size} has no such leaf.`);
  let hash = query.leaf;
  if (query.event !== undefined) {
    const event = PUBLIC_STREAMS.test(query.event) ? await eventStore().readEvent(query.event) : undefined;
    if (!event) throw absent;
    hash = event.hash;
  }
  const leaves = await leavesUpTo(log, size);
  const index = leaves.indexOf(hash!);
  if (index < 0) throw absent;
  return {
    body: {
      ...(query.event !== undefined ? { event: query.event } : {}),
      eventHash: hash!,
      leafIndex: index,
      size,
      proof: inclusionProof(asBuffers(leaves), index, size).map((h) => h.toString('hex')),
    },
    headers: { 'cache-control': 'public, max-age=86400, immutable' },
  };
};

/** GET /v1/public/checkpoints/{size}/consistency?from= — that this tree extends the tree of an earlier checkpoint (RFC 9162 §2.1.4). */
export const getLogConsistency: Operation<Routes['getLogConsistency']> = async ({ params, query }) => {
  const log = await loadLog();
  const to = checkpointSize(log, params.size);
  const from = checkpointSize(log, query.from);
  if (from > to) throw new DomainError('LOG.NO_SUCH_CHECKPOINT', 'A consistency proof goes from an earlier checkpoint to a later one.');
  return { body: { from, to, proof: consistencyProof(asBuffers(await leavesUpTo(log, to)), from, to).map((h) => h.toString('hex')) } };
};
