import type { EventType } from '../events';
import { appendDecision, type Decision } from './aggregate';
import { assertInScope, type Holder, outOfScope, type Principal } from './auth';
import { eventStore } from './deps';
import type { DomainError } from './errors';
import type { Snapshot } from './event-store';

/** Who acts and when: the actor of every event a command records (`public` on a public route). */
export interface CommandContext {
  principal: Principal | undefined;
  at: Date;
}

interface Shared<S, V> {
  stream: string;
  /** What the caller sees after the command (default: the state with its version). */
  view?: (state: S, version: number) => V | Promise<V>;
}

/** A command on an aggregate that must exist. */
export interface OnExisting<S, T extends EventType, V> extends Shared<S, V> {
  /** The answer when there is no such aggregate (a NOT_FOUND). */
  missing: () => DomainError;
  /** Whom the aggregate belongs to: the caller must be in its scope (platform/auth.ts). */
  holder?: (state: S) => Holder;
  /** Pure, or reading what else it must know once the caller is authorized (the absence of a case's owner, say). */
  decide: (state: S, current: Snapshot<S>) => Decision<S, T> | Promise<Decision<S, T>>;
}

/** A command that may create its aggregate (a first declaration, an upsert, a report). */
export interface MayCreate<S, T extends EventType, V> extends Shared<S, V> {
  holder?: (state: S) => Holder;
  decide: (current: Snapshot<S> | undefined) => Decision<S, T> | Promise<Decision<S, T>>;
}

/** An aggregate a request names, or the NOT_FOUND its context answers. */
export async function loadExisting<S>(stream: string, missing: () => DomainError): Promise<Snapshot<S>> {
  const current = await eventStore().load<S>(stream);
  if (!current) throw missing();
  return current;
}

const stateWithVersion = <S>(state: S, version: number) => ({ ...state, version });

/**
 * THE command runner: load the aggregate → authorize the caller on what it holds → let the pure
 * domain function decide → append the events and the new state on the version read (a concurrent
 * command gets 409 CONCURRENCY.VERSION_CONFLICT) → answer the view. A decision without events
 * (asking again for what is already so) appends nothing and answers the current view.
 */
export async function runCommand<S, T extends EventType, V = S & { version: number }>(command: OnExisting<S, T, V>, ctx: CommandContext): Promise<V>;
export async function runCommand<S, T extends EventType, V = S & { version: number }>(command: MayCreate<S, T, V>, ctx: CommandContext): Promise<V>;
export async function runCommand<S, T extends EventType, V>(command: OnExisting<S, T, V> | MayCreate<S, T, V>, ctx: CommandContext): Promise<V> {
  const store = eventStore();
  const current = await store.load<S>(command.stream);
  if (current && command.holder) {
    const holder = command.holder(current.state);
    if (!ctx.principal) throw outOfScope(holder.what);
    assertInScope(ctx.principal, holder);
  }
  let decision: Decision<S, T>;
  if ('missing' in command) {
    if (!current) throw command.missing();
    decision = await command.decide(current.state, current);
  } else {
    decision = await command.decide(current);
  }
  const view = command.view ?? (stateWithVersion as (state: S, version: number) => V);
  if (!decision.events.length) return view(decision.state, current?.version ?? 0);
  const { state, version } = await appendDecision(store, command.stream, current, decision, { actor: ctx.principal?.sub ?? 'public', at: ctx.at });
  return view(state, version);
}
