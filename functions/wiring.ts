import { CONTEXT_NEEDS, CONTEXTS, type ContextName, type ContextNeeds } from './contexts';
import { mergeNeeds, type Needs } from './platform/needs';
import { reactions } from './reactions';
import { routes } from './routes';
import { schedules } from './schedules';
import { type StateMachineName, type TaskSpec, tasks } from './tasks';
import type { RouteSpec } from './platform/http/route';

/**
 * Every function of the platform and what it reaches, derived from the manifest: a context's API
 * function needs what the context table declares for it plus the state machines its routes start;
 * a task function likewise with its tasks; the stream function starts what the reactions name;
 * the scheduler what the schedules name. infra/ turns each into a Lambda's environment and IAM
 * grants, local/ into the resource scope of each invocation — one derivation, two runtimes.
 */
export type FunctionRef =
  | { kind: 'api'; context: ContextName }
  | { kind: 'render'; context: ContextName }
  | { kind: 'tasks'; context: ContextName }
  | { kind: 'stream' }
  | { kind: 'scheduler' };

const startsOf = (rows: readonly { starts?: readonly StateMachineName[]; describes?: readonly StateMachineName[] }[]): Needs<StateMachineName> => {
  const starts = [...new Set(rows.flatMap((r) => r.starts ?? []))].sort();
  const describes = [...new Set(rows.flatMap((r) => r.describes ?? []))].sort();
  return { ...(starts.length ? { starts } : {}), ...(describes.length ? { describes } : {}) };
};

/** The function that serves a route: its context's render function when it renders (a PDF), else its context's API function. */
export const servingFunction = (r: Pick<RouteSpec, 'renders' | 'context'>): { kind: 'api' | 'render'; context: ContextName } => ({
  kind: r.renders ? 'render' : 'api',
  context: r.context,
});
export const functionOfRoute = (id: keyof typeof routes): FunctionRef => servingFunction(routes[id] as RouteSpec);
const routesOf = (fn: { kind: 'api' | 'render'; context: ContextName }): RouteSpec[] =>
  (Object.keys(routes) as (keyof typeof routes)[])
    .filter((id) => {
      const f = functionOfRoute(id);
      return f.kind === fn.kind && f.context === fn.context;
    })
    .map((id) => routes[id] as RouteSpec);

/** Contexts with routes that render: they get a render function too. */
export const RENDER_CONTEXTS: readonly ContextName[] = CONTEXTS.filter((c) => routesOf({ kind: 'render', context: c }).length);

/** Contexts with workflow tasks: they get a task function. */
export const TASK_CONTEXTS: readonly ContextName[] = CONTEXTS.filter((c) => Object.values(tasks).some((t) => t.context === c));

export function needsOf(fn: FunctionRef): Needs<StateMachineName> {
  switch (fn.kind) {
    case 'api':
    case 'render':
      // A render function reaches what its context's API function does (it reads the same records).
      return mergeNeeds<StateMachineName>(CONTEXT_NEEDS[fn.context].api, startsOf(routesOf(fn)));
    case 'tasks': {
      const declared: ContextNeeds = CONTEXT_NEEDS[fn.context];
      return mergeNeeds<StateMachineName>(
        declared.tasks ?? {},
        startsOf(Object.values(tasks as Record<string, TaskSpec>).filter((t) => t.context === fn.context)),
      );
    }
    case 'stream':
      return startsOf(Object.values(reactions).flatMap((rs) => rs.map((r) => ({ starts: [r.stateMachine] }))));
    case 'scheduler':
      return startsOf(Object.values(schedules).map((s) => ({ starts: [s.stateMachine] })));
    default:
      return fn satisfies never;
  }
}
