import { type EventStore, GENESIS_HASH, type NewEvent, type Snapshot, type StoredEvent } from './event-store';
import { DomainError } from './errors';
import { originatingRequestId } from './log';
import type { EventType } from '../events';

/** What a pure domain function decides: the events to record (of its aggregate's types, functions/events.ts) and the state they lead to. */
export interface Decision<S, T extends EventType = EventType> {
  events: NewEvent<T>[];
  state: S;
}

export interface CommandResult<S> {
  state: S;
  version: number;
  events: StoredEvent[];
}

/** Appends what was decided on `current`, conditioned on its version (for commands that branch before deciding). */
export async function appendDecision<S>(
  store: EventStore,
  stream: string,
  current: Snapshot<S> | undefined,
  decision: Decision<S>,
  meta: { actor: string; at: Date },
): Promise<CommandResult<S>> {
  const { version, events } = await store.append({
    stream,
    expectedVersion: current?.version ?? 0,
    lastHash: current?.lastHash ?? GENESIS_HASH,
    events: decision.events,
    state: decision.state,
    ...(current ? { previous: current.state } : {}),
    actor: meta.actor,
    at: meta.at,
    correlationId: originatingRequestId(),
  });
  return { state: decision.state, version, events };
}

/**
 * Runs `attempt` (read, decide, append) again when another writer appended to the stream between
 * its read and its append (CONCURRENCY.VERSION_CONFLICT), at most `attempts` times: for system
 * writers whose decision is idempotent on what they read (a log extension, a screening).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONCURRENCY.VERSION_CONFLICT') || n >= attempts) throw e;
    }
  }
}

/** One decision per stream, appended together in one transaction (all or nothing). Streams whose decision has no events are skipped. */
export async function appendDecisions(
  store: EventStore,
  parts: readonly { stream: string; current: Snapshot<unknown> | undefined; decision: Decision<unknown> }[],
  meta: { actor: string; at: Date },
): Promise<void> {
  const reqs = parts
    .filter((p) => p.decision.events.length)
    .map((p) => ({
      stream: p.stream,
      expectedVersion: p.current?.version ?? 0,
      lastHash: p.current?.lastHash ?? GENESIS_HASH,
      events: p.decision.events,
      state: p.decision.state,
      ...(p.current ? { previous: p.current.state } : {}),
      actor: meta.actor,
      at: meta.at,
      correlationId: originatingRequestId(),
    }));
  if (reqs.length) await store.appendAll(reqs);
}
