import * as z from 'zod';
import type { EventType } from '../events';
import { canonicalJson, sha256Hex, shardOf } from './hash';

/**
 * Aggregates are streams of domain events in one table (DESIGN.md, "Cases are event streams"):
 * `pk = <KIND>#<id>`, `sk = EV#<seq>` for events and `sk = STATE` for the projection.
 * Each event carries the hash of its predecessor (X1), so a stream's history can be verified
 * by anyone who can read it.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const EVENT_SK_PREFIX = 'EV#';
export const STATE_SK = 'STATE';
const SEQ_WIDTH = 10;

export const eventSk = (seq: number): string => EVENT_SK_PREFIX + String(seq).padStart(SEQ_WIDTH, '0');

/** An event to record: its type is one of the registry's (functions/events.ts) — a typo does not compile. */
export interface NewEvent<T extends string = EventType> {
  type: T;
  data: Record<string, unknown>;
  /**
   * Fields that only some readers of the stream may see (a complainant's attachments, P4), each with its salt
   * (`confidentialFields`). The event's hash commits to each by a salted SHA-256 instead of its value, so an audit
   * trail can withhold the value and still verify (docs/audit.md).
   */
  confidential?: Record<string, Disclosure>;
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const StoredEvent = z.object({
  stream: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
  actor: z.string(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
  /** The request that set off this change — directly, or through the workflows it started (logs and traces join on it). */
  correlationId: z.string().optional(),
  /** Per confidential field, SHA-256 of the RFC 8785 JSON of `{salt, value}`: part of what the hash covers. */
  commitments: z.record(z.string(), Hex64).optional(),
  /** The confidential fields' values and salts, for the readers allowed to see them: not part of the hash, each checked against its commitment. */
  disclosed: z.record(z.string(), z.object({ salt: z.string(), value: z.unknown() })).optional(),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** What a confidential field's commitment is: anyone given the value and its salt can check it; without the salt, no guess can. */
export const commitmentOf = (salt: string, value: unknown): string => sha256Hex(canonicalJson({ salt, value }));

/** The event as a reader who may not see its confidential fields receives it: their commitments stay, so the chain still verifies. */
export const withheld = ({ disclosed: _d, ...e }: StoredEvent): StoredEvent => e;

/** The event's facts, the confidential ones included (for the readers allowed them). */
export const factsOf = (e: StoredEvent): Record<string, unknown> => ({
  ...e.data,
  ...Object.fromEntries(Object.entries(e.disclosed ?? {}).map(([k, d]) => [k, d.value])),
});

/** The id of an event, unique across the platform: the idempotency key of every reaction to it. */
export const eventId = (e: Pick<StoredEvent, 'stream' | 'seq'>): string => `${e.stream}@${e.seq}`;
/** `<stream>@<seq>` → its parts. */
export function parseEventId(id: string): { stream: string; seq: number } {
  const at = id.lastIndexOf('@');
  const seq = Number(id.slice(at + 1));
  if (at <= 0 || !Number.isInteger(seq) || seq < 1) throw new Error(`not an event id: ${id}`);
  return { stream: id.slice(0, at), seq };
}

/** Secondary-index keys a projection may carry for listings (GSI1, GSI2). */
export interface IndexKeys {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  /** Present while the projection has an open statutory clock: its due shard and "<next due date>#<stream>". */
  duepk?: `DUE#${number}`;
  duesk?: string;
}

/**
 * The index keys a projection carries, from its stream and state: computed by the store at every
 * append (functions/indexes.ts), so storage keys stay out of the domain and are never stale.
 */
export type Indexer = (stream: string, state: unknown) => IndexKeys;

/**
 * A projection's contribution to a report (functions/tallies.ts): counts under a key that names the
 * report, its scope and its period (e.g. `HOTLINE#2026-11`). The store adds the difference between
 * the state before and after each append to the key's counters, in the append's own transaction —
 * so a report reads O(groups) counters, and no redelivery or retry can count an event twice.
 */
export interface Tally {
  key: string;
  /**
   * Which item of the key's counters these live in (default: the key's main item). An append pays
   * for the size of each item it updates, so counters that grow with the data (a case on a list,
   * a matter's figures) go in items of their own; a report still reads the key's items in one query.
   */
  group?: string;
  /**
   * An entry of a report's list (platform/domain/listed.ts): an item of its own, named by the entry,
   * that only its one stream writes — there while the stream is on the list, gone when it leaves
   * it. A report reads the first entries of each list and the list's count (`count:<list>`).
   */
  entry?: true;
  counts: Readonly<Record<string, number>>;
}
export type Tallier = (stream: string, state: unknown) => readonly Tally[];

/**
 * Splits a contribution into the items of its key: `groupOf` names the item of each counter
 * (undefined: the main item); the entries of the named `lists` become entry items (their count,
 * `count:<list>`, is a counter of the contribution: platform/domain/listed.ts `addEntry`).
 */
export function groupedTally(
  key: string,
  counts: Readonly<Record<string, number>>,
  groupOf: (name: string) => string | undefined,
  lists: readonly string[] = [],
): Tally[] {
  const groups = new Map<string | undefined, Record<string, number>>();
  const entries: Tally[] = [];
  for (const [name, n] of Object.entries(counts)) {
    if (lists.some((l) => name.startsWith(`${l}:`))) entries.push({ key, group: name, entry: true, counts: { [name]: n } });
    else groups.set(groupOf(name), { ...groups.get(groupOf(name)), [name]: n });
  }
  return [...[...groups].map(([group, c]) => ({ key, ...(group ? { group } : {}), counts: c })), ...entries];
}

/** What an append changes in the tallies: after − before, per key and item, without the counts that did not move. */
export function tallyDelta(before: readonly Tally[], after: readonly Tally[]): Tally[] {
  const delta = new Map<string, Tally & { counts: Record<string, number> }>();
  const add = (tallies: readonly Tally[], sign: 1 | -1) => {
    for (const t of tallies) {
      const id = `${t.key}|${t.group ?? ''}`;
      const into = delta.get(id) ?? { key: t.key, ...(t.group ? { group: t.group } : {}), ...(t.entry ? { entry: t.entry } : {}), counts: {} };
      for (const [name, n] of Object.entries(t.counts)) into.counts[name] = (into.counts[name] ?? 0) + sign * n;
      delta.set(id, into);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...delta.values()]
    .map((t) => ({ ...t, counts: Object.fromEntries(Object.entries(t.counts).filter(([, n]) => n !== 0)) }))
    .filter((t) => Object.keys(t.counts).length);
}

/** Sums tallies per key (a rebuild's totals; the test of rebuild == incremental). */
export const sumTallies = (tallies: Iterable<Tally>): Map<string, Record<string, number>> => {
  const out = new Map<string, Record<string, number>>();
  for (const t of tallies) {
    const into = out.get(t.key) ?? {};
    for (const [name, n] of Object.entries(t.counts)) into[name] = (into[name] ?? 0) + n;
    out.set(t.key, into);
  }
  return out;
};

/**
 * The due-index keys of a projection whose earliest open clock runs out on `dueDate` (none when it
 * has none), in one of DUE_SHARDS partitions by stream so that no one index partition takes every
 * clock's writes; the sweep reads the shards in parallel.
 */
export const DUE_SHARDS = 8;
export const dueShardKey = (shard: number): `DUE#${number}` => `DUE#${shard}`;
export const dueKeys = (dueDate: string | undefined, stream: string): Pick<IndexKeys, 'duepk' | 'duesk'> =>
  dueDate ? { duepk: dueShardKey(shardOf(stream, DUE_SHARDS)), duesk: `${dueDate}#${stream}` } : {};

export interface Snapshot<S> {
  stream: string;
  version: number;
  lastHash: string;
  state: S;
  updatedAt: string;
}

export interface AppendRequest<S> {
  stream: string;
  /** The version read before deciding; 0 for a new stream. */
  expectedVersion: number;
  /** The hash of the last event read (GENESIS_HASH for a new stream). */
  lastHash: string;
  /** The store records any type (it is infrastructure); domain decisions are held to the registry. */
  events: readonly NewEvent<string>[];
  state: S;
  /** The state the decision started from (undefined for a new stream): its tallies are taken back. */
  previous?: unknown;
  actor: string;
  at: Date;
  correlationId?: string;
}

/** A new stream's history as its commands made it (npm run seed): each step's events, the state after them, who and when. */
export interface SeedHistory {
  stream: string;
  steps: readonly { events: readonly NewEvent<string>[]; state: unknown; actor: string; at: Date }[];
}

/**
 * SHA-256 over the canonical JSON (RFC 8785) of the event's fields but its own hash and its disclosed values;
 * `correlationId` and `commitments` only when the event has them.
 */
export function hashEvent(e: Omit<StoredEvent, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      stream: e.stream,
      seq: e.seq,
      type: e.type,
      data: e.data,
      at: e.at,
      actor: e.actor,
      prevHash: e.prevHash,
      ...(e.correlationId ? { correlationId: e.correlationId } : {}),
      ...(e.commitments ? { commitments: e.commitments } : {}),
    }),
  );
}

/** A confidential field's value and the salt its commitment is made with. */
export interface Disclosure {
  salt: string;
  value: unknown;
}

/** 128 random bits as hex (Web Crypto: this module is also in the pages' build, which has no node:crypto). */
export const randomSalt = (): string => Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * An event's confidential fields, each with a fresh salt. The salt is drawn where the event is decided (injectable, as
 * the clock is), so that the same decision replayed — a seeded history — writes the same event.
 */
export function confidentialFields(fields: Record<string, unknown>, salt: () => string = randomSalt): Record<string, Disclosure> {
  return Object.fromEntries(Object.entries(fields).flatMap(([k, value]) => (value === undefined ? [] : [[k, { salt: salt(), value }]])));
}

/** A new event's confidential fields as commitments (in the hash) and disclosures (beside it). */
function committed(confidential: Record<string, Disclosure> | undefined): Pick<StoredEvent, 'commitments' | 'disclosed'> {
  const fields = Object.entries(confidential ?? {});
  if (!fields.length) return {};
  return { commitments: Object.fromEntries(fields.map(([k, d]) => [k, commitmentOf(d.salt, d.value)])), disclosed: Object.fromEntries(fields) };
}

/** Chains new events onto a stream: sequence numbers and hashes (and a commitment for each confidential field). */
export function chainEvents(
  req: Pick<AppendRequest<unknown>, 'stream' | 'expectedVersion' | 'lastHash' | 'events' | 'actor' | 'at' | 'correlationId'>,
): StoredEvent[] {
  const at = req.at.toISOString();
  let prevHash = req.lastHash;
  return req.events.map((e, i) => {
    const { commitments, disclosed } = committed(e.confidential);
    const unsigned = {
      stream: req.stream,
      seq: req.expectedVersion + i + 1,
      type: e.type,
      data: e.data,
      at,
      actor: req.actor,
      prevHash,
      ...(req.correlationId ? { correlationId: req.correlationId } : {}),
      ...(commitments ? { commitments } : {}),
    };
    const stored: StoredEvent = { ...unsigned, hash: hashEvent(unsigned), ...(disclosed ? { disclosed } : {}) };
    prevHash = stored.hash;
    return stored;
  });
}

export interface ChainVerification {
  ok: boolean;
  length: number;
  headHash: string;
  /** The first sequence number whose hash or link does not hold. */
  brokenAt?: number;
  reason?: string;
}

/** Verifies a stream's hash chain (X1). Pure: feed it the events as read. */
export function verifyChain(events: readonly StoredEvent[]): ChainVerification {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1) return { ok: false, length: events.length, headHash: prev, brokenAt: i + 1, reason: 'sequence gap' };
    if (e.prevHash !== prev) return { ok: false, length: events.length, headHash: prev, brokenAt: e.seq, reason: 'link to the previous event does not match' };
    if (hashEvent(e) !== e.hash) return { ok: false, length: events.length, headHash: prev, brokenAt: e.seq, reason: 'event content does not match its hash' };
    const undisclosable = Object.entries(e.disclosed ?? {}).some(([k, d]) => e.commitments?.[k] !== commitmentOf(d.salt, d.value));
    if (undisclosable) return { ok: false, length: events.length, headHash: prev, brokenAt: e.seq, reason: 'a disclosed field does not match its commitment' };
    prev = e.hash;
  }
  return { ok: true, length: events.length, headHash: prev };
}

/** The storage port; event-store.dynamodb.ts is the one adapter. */
export interface EventStore {
  load<S>(stream: string): Promise<Snapshot<S> | undefined>;
  /** Several projections by stream, in the order asked; those that do not exist are left out. */
  loadMany<S>(streams: readonly string[]): Promise<Snapshot<S>[]>;
  append<S>(req: AppendRequest<S>): Promise<{ version: number; events: StoredEvent[] }>;
  /** Appends to several streams in one transaction: all or nothing. */
  appendAll(reqs: readonly AppendRequest<unknown>[]): Promise<{ version: number; events: StoredEvent[] }[]>;
  readStream(stream: string): Promise<StoredEvent[]>;
  /** One event by its id (`<stream>@<seq>`), or undefined. */
  readEvent(id: string): Promise<StoredEvent | undefined>;
  /** Projections by a secondary-index key, in index order, a page at a time. */
  list<S>(index: IndexName, key: string, page?: PageRequest): Promise<Page<Snapshot<S>>>;
  /** Every projection under an index key (reports over a bounded set, e.g. one company's half-year), or those whose sort key starts with a prefix. */
  listAll<S>(index: IndexName, key: string, o?: { sortKeyPrefix?: string }): Promise<Snapshot<S>[]>;
  /** The hashes of every event written on a day (Asia/Shanghai), in (time, stream, seq) order. */
  eventHashesOfDay(day: string): Promise<string[]>;
  /** Streams whose projection has an open clock due on a day before `date` (the deadline sweep's work list). */
  dueStreams(beforeDate: string): Promise<string[]>;
  /**
   * The counters under a tally key (every shard summed): what the appends added, O(shards and
   * groups); with the first `entriesPerList` entries of each list (default 100, sorted by entry).
   */
  readTally(key: string, o?: { entriesPerList?: number }): Promise<Record<string, number>>;
  /**
   * One list of a tally key a page at a time, in entry order (the value's first field leads, so a
   * list whose values start with a time is read by period): `between` bounds the values' JSON text,
   * `after` is the value the previous page ended on; `more` says whether entries follow.
   */
  readEntries<T extends object>(
    key: string,
    list: string,
    page?: { limit?: number; descending?: boolean; between?: readonly [string, string]; after?: T },
  ): Promise<{ items: T[]; more: boolean }>;
  /** Operators only (npm run rebuild-tallies): replaces a key's counters with totals recomputed from the projections. */
  replaceTally(key: string, tallies: readonly Tally[]): Promise<void>;
}

export type IndexName = 'gsi1' | 'gsi2';
export interface PageRequest {
  limit?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  /** Only items whose index sort key starts with this. */
  sortKeyPrefix?: string;
  /** Only items whose index sort key is between these, inclusive (a period of a listing sorted by time). */
  sortKeyBetween?: readonly [string, string];
  /** Newest (highest sort key) first. */
  descending?: boolean;
}
export interface Page<T> {
  items: T[];
  cursor?: string;
}
