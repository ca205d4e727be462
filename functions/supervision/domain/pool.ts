import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import type { NewEvent, Snapshot } from '../../platform/event-store';
import { Uscc } from '../../enterprises/domain/uscc';
import { DomainError } from '../../platform/errors';

/**
 * The inspector pool (执法检查人员名录库, S1, S4) and the problem library (问题库, S2) of an
 * agency. An inspector is a staff member (the token's subject) with their declared conflicts of
 * interest; only pseudonymous ids and conflicts are published with a draw, never names.
 */
export const DeclareInspector = z.object({
  /** In the draw or not: a supervisor's to change; left out, it stays as it is (a new inspector of a supervisor's is active). */
  active: z.boolean().optional(),
  /** Enterprises the inspector declared a conflict of interest with (回避): the whole list after this change. */
  conflicts: z.array(Uscc).max(500).default([]),
  /** Why a supervisor activates, deactivates or withdraws a conflict: kept on the inspector's stream. */
  reason: z.string().trim().min(2).max(1000).optional(),
});
export type DeclareInspector = z.infer<typeof DeclareInspector>;

export interface Inspector {
  inspectorId: string;
  agencyId: string;
  active: boolean;
  conflicts: string[];
  updatedBy: string;
  updatedAt: string;
}

export const inspectorStream = (agencyId: string, inspectorId: string): string => `INSPECTOR#${agencyId}#${inspectorId}`;

/** Who changes the pool: a supervisor keeps it; an inspector may only add conflicts of their own (S4). */
export interface PoolActor {
  sub: string;
  role: 'supervisor' | 'inspector';
}

/**
 * Both the pool's membership and the conflicts feed the random draw, so nobody grants themself a
 * place in it: an inspector's own declaration only adds conflicts (a record of theirs that did
 * not exist stays out of the draw until a supervisor activates it); activating, deactivating and
 * withdrawing a conflict are a supervisor's, with a reason, each its own event.
 */
export function declareInspector(
  current: Snapshot<Inspector> | undefined,
  agencyId: string,
  inspectorId: string,
  cmd: DeclareInspector,
  actor: PoolActor,
  at: Date,
): Decision<Inspector, EventsOf<'inspector'>> {
  const before = current?.state;
  const wasActive = before?.active ?? false;
  const active = cmd.active ?? before?.active ?? actor.role === 'supervisor';
  const conflicts = [...new Set(cmd.conflicts)].sort();
  const held = new Set(before?.conflicts ?? []);
  const added = conflicts.filter((c) => !held.has(c));
  const withdrawn = [...held].filter((c) => !conflicts.includes(c));
  const activeChanged = before ? active !== wasActive : false;
  if (actor.role === 'inspector') {
    if (actor.sub !== inspectorId) throw new DomainError('INSPECTOR.NOT_YOU', 'Inspectors declare only their own conflicts.');
    if (active !== wasActive || withdrawn.length > 0)
      throw new DomainError('INSPECTOR.SUPERVISOR_ONLY', 'Only a supervisor activates, deactivates or withdraws a declared conflict.');
  } else if ((activeChanged || withdrawn.length > 0) && !cmd.reason) {
    throw new DomainError('INSPECTOR.REASON_REQUIRED', 'Activating, deactivating or withdrawing a conflict needs a reason.');
  }
  const by = actor.sub;
  const events: NewEvent<EventsOf<'inspector'>>[] = [];
  if (!before) events.push({ type: 'InspectorRegistered', data: { active, conflicts, by } });
  else {
    if (activeChanged) events.push({ type: active ? 'InspectorActivated' : 'InspectorDeactivated', data: { by, reason: cmd.reason } });
    if (added.length) events.push({ type: 'InspectorConflictsDeclared', data: { added, by } });
    if (withdrawn.length) events.push({ type: 'InspectorConflictsWithdrawn', data: { withdrawn, by, reason: cmd.reason } });
  }
  if (!events.length) return { events, state: before! };
  return { events, state: { inspectorId, agencyId, active, conflicts, updatedBy: by, updatedAt: at.toISOString() } };
}

export const ProblemLibraryChange = z.object({ uscc: Uscc, included: z.boolean(), reason: z.string().trim().min(2).max(1000) });
export type ProblemLibraryChange = z.infer<typeof ProblemLibraryChange>;

export interface ProblemLibrary {
  agencyId: string;
  entries: Record<string, { reason: string; since: string; by: string }>;
}
export const problemLibraryStream = (agencyId: string): string => `PROBLEM-LIBRARY#${agencyId}`;

export function changeProblemLibrary(
  current: Snapshot<ProblemLibrary> | undefined,
  agencyId: string,
  cmd: ProblemLibraryChange,
  by: string,
  at: Date,
): Decision<ProblemLibrary, EventsOf<'problem library'>> {
  const lib: ProblemLibrary = current?.state ?? { agencyId, entries: {} };
  const present = cmd.uscc in lib.entries;
  if (present === cmd.included) return { events: [], state: lib };
  const entries = { ...lib.entries };
  if (cmd.included) entries[cmd.uscc] = { reason: cmd.reason, since: at.toISOString(), by };
  else delete entries[cmd.uscc];
  return {
    events: [{ type: cmd.included ? 'ProblemLibraryEntryAdded' : 'ProblemLibraryEntryRemoved', data: { uscc: cmd.uscc, reason: cmd.reason, by } }],
    state: { agencyId, entries },
  };
}
