import type { EventsOf } from '../../events';
import type { Decision } from '../aggregate';
import { DomainError } from '../errors';
import type { Snapshot } from '../event-store';
import { leafHash, nodeHash } from './merkle';

/**
 * The public transparency log of the audit trail (X1; docs/audit.md): an append-only Merkle tree
 * (RFC 9162) over every event hash, extended once per sealed day with that day's hashes in
 * (time, stream, seq) order. STATE keeps the tree's right edge (the roots of its perfect
 * subtrees, largest first), so an extension costs O(the day's events), and each extension's
 * signed checkpoint.
 */
export interface LogSegment {
  day: string;
  /** Index of the day's first leaf. */
  start: number;
  count: number;
}
export interface TransparencyLog {
  size: number;
  /** Root hash, hex. */
  root: string;
  /** Perfect subtrees along the right edge: sizes (powers of two, descending) and root hashes (hex). */
  frontier: { size: number; hash: string }[];
  segments: LogSegment[];
  /** The latest signed checkpoint (docs/audit.md). */
  checkpoint: string;
}

export const LOG_STREAM = 'AUDIT#LOG';
export const logLeavesKey = (day: string): string => `audit/log/days/${day}.json`;
export const checkpointNoteKey = (size: number): string => `audit/log/checkpoints/${size}.txt`;

const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The frontier and root after appending leaves (each the 32 bytes of an event hash). */
export function appendLeaves(
  frontier: readonly { size: number; hash: string }[],
  leaves: readonly string[],
): { frontier: { size: number; hash: string }[]; root: string } {
  const f: { size: number; hash: Buffer }[] = frontier.map((x) => ({ size: x.size, hash: Buffer.from(x.hash, 'hex') }));
  for (const leaf of leaves) {
    f.push({ size: 1, hash: leafHash(Buffer.from(leaf, 'hex')) });
    while (f.length > 1 && f[f.length - 1]!.size === f[f.length - 2]!.size) {
      const right = f.pop()!;
      const left = f.pop()!;
      f.push({ size: left.size * 2, hash: nodeHash(left.hash, right.hash) });
    }
  }
  let root: Buffer | undefined;
  for (const x of [...f].reverse()) root = root ? nodeHash(x.hash, root) : x.hash;
  return { frontier: f.map((x) => ({ size: x.size, hash: x.hash.toString('hex') })), root: root?.toString('hex') ?? EMPTY_ROOT };
}

/** The tree the log becomes with a day's hashes, or undefined when the day is in it already (a rerun). */
export function extension(log: TransparencyLog | undefined, day: string, hashes: readonly string[]) {
  const existing = log?.segments.find((s) => s.day === day);
  if (existing) {
    if (existing.count !== hashes.length)
      throw new DomainError('AUDIT.SEAL_MISMATCH', `Day ${day} is in the transparency log with ${existing.count} events; it now has ${hashes.length}.`);
    return undefined;
  }
  const start = log?.size ?? 0;
  const { frontier, root } = appendLeaves(log?.frontier ?? [], hashes);
  return { segment: { day, start, count: hashes.length }, size: start + hashes.length, root, frontier };
}

export function extendLog(
  current: Snapshot<TransparencyLog> | undefined,
  next: NonNullable<ReturnType<typeof extension>>,
  checkpoint: string,
): Decision<TransparencyLog, EventsOf<'transparency log'>> {
  const state: TransparencyLog = {
    size: next.size,
    root: next.root,
    frontier: next.frontier,
    segments: [...(current?.state.segments ?? []), next.segment],
    checkpoint,
  };
  return { events: [{ type: 'TransparencyLogExtended', data: { ...next.segment, size: next.size, root: next.root, checkpoint } }], state };
}
