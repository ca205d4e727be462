import type { ErrorCode } from '../../error-codes';
import { DomainError } from '../errors';

/**
 * An aggregate's lifecycle, as ONE table: for each status the actions it allows, for each action
 * the statuses it may lead to (none: the status stays). The one guard refuses anything else with
 * the aggregate's code and a 409 that lists what is allowed now; the state diagram in docs/ is
 * generated from the same table (scripts/generated-docs.ts), and the web workbench offers exactly
 * `allowedActions(status)`.
 */
export interface Lifecycle<S extends string, A extends string> {
  /** The aggregate, as people name it ("case", "complaint"). */
  readonly name: string;
  readonly actions: { readonly [K in S]: readonly A[] };
  readonly targets: { readonly [K in A]: readonly S[] };
  /** The code a refused action answers with (kind conflict)… */
  readonly refusal: ErrorCode;
  /** …unless the action has a code of its own. */
  readonly refusals?: { readonly [K in A]?: ErrorCode };
  /** How an aggregate comes to be, for the diagram. */
  readonly creation: { readonly action: string; readonly to: S };
  /** Statuses in which it is finished. */
  readonly finals: readonly S[];
}

export const lifecycle = <const S extends string, const A extends string>(l: Lifecycle<S, A>): Lifecycle<S, A> => l;

/** Whether the status allows the action (for a workflow's step, which does nothing when it does not — it ran already). */
export const permits = <S extends string, A extends string>(l: Lifecycle<S, A>, status: S, action: A): boolean => l.actions[status].includes(action);

export const allowedActions = <S extends string, A extends string>(l: Lifecycle<S, A>, status: S): readonly A[] => l.actions[status];

/** Refuses `action` unless the status allows it: 409 with the aggregate's code and the allowed actions. */
export function guard<S extends string, A extends string>(l: Lifecycle<S, A>, status: S, action: A, detail?: string): void {
  const allowed = l.actions[status];
  if (!allowed.includes(action))
    throw new DomainError(l.refusals?.[action] ?? l.refusal, detail ?? `A ${l.name} that is ${status} cannot take ${action}.`, { allowed });
}

/** The lifecycle as a mermaid state diagram: every status, every transition that changes the status. */
export function stateDiagram<S extends string, A extends string>(l: Lifecycle<S, A>): string {
  const id = (s: string) => s.replaceAll('-', '_');
  const lines = [
    'stateDiagram-v2',
    ...(Object.keys(l.actions) as S[]).map((s) => `  state "${s}" as ${id(s)}`),
    `  [*] --> ${id(l.creation.to)} : ${l.creation.action}`,
  ];
  for (const [from, actions] of Object.entries(l.actions) as [S, readonly A[]][]) {
    for (const action of actions) for (const to of l.targets[action]) if (to !== from) lines.push(`  ${id(from)} --> ${id(to)} : ${action}`);
  }
  for (const s of l.finals) lines.push(`  ${id(s)} --> [*]`);
  return lines.join('\n');
}
