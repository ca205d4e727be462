import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import type { Snapshot } from '../../platform/event-store';
import { Uscc } from '../../enterprises/domain/uscc';

/**
 * The inspector pool (执法检查人员名录库, S1, S4) and the problem library (问题库, S2) of an
 * agency. An inspector is a staff member (the token's subject) with their declared conflicts of
 * interest; only pseudonymous ids and conflicts are published with a draw, never names.
 */
export const DeclareInspector = z.object({
  active: z.boolean().default(true),
  /** Enterprises the inspector declared a conflict of interest with (回避). */
  conflicts: z.array(Uscc).max(500).default([]),
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

export function declareInspector(
  current: Snapshot<Inspector> | undefined,
  agencyId: string,
  inspectorId: string,
  cmd: DeclareInspector,
  by: string,
  at: Date,
): Decision<Inspector, EventsOf<'inspector'>> {
  const next: Inspector = {
    inspectorId,
    agencyId,
    active: cmd.active,
    conflicts: [...new Set(cmd.conflicts)].sort(),
    updatedBy: by,
    updatedAt: at.toISOString(),
  };
  const same = current && current.state.active === next.active && current.state.conflicts.join() === next.conflicts.join();
  if (same) return { events: [], state: current.state };
  return {
    events: [{ type: current ? 'InspectorUpdated' : 'InspectorRegistered', data: { active: next.active, conflicts: next.conflicts, by } }],
    state: next,
  };
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
