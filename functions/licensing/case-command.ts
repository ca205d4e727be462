import type { EventsOf } from '../events';
import { appendDecision, type Decision } from '../platform/aggregate';
import type { Principal } from '../platform/auth';
import { outOfScope } from '../platform/auth';
import { calendar } from '../platform/config';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { ApiReply } from '../platform/http/route';
import { type Application, applicationStream, limitsOf } from './domain/application';
import { type Matter, matterById } from './domain/guide';
import { caseView } from './domain/view';

/** Whether the caller may see and act on a case: its applicant, staff of its agency, admins. */
export function assertCaseAccess(principal: Principal, app: Application): void {
  const ok =
    principal.role === 'admin' ||
    (principal.role === 'applicant' && principal.enterpriseId === app.uscc) ||
    ('agencyId' in principal && principal.agencyId === app.agencyId);
  if (!ok) throw outOfScope();
}

export async function loadCase(principal: Principal, id: string): Promise<Snapshot<Application>> {
  const snapshot = await eventStore().load<Application>(applicationStream(id));
  if (!snapshot) throw new DomainError('APPLICATION.NOT_FOUND', `No application ${id}.`);
  assertCaseAccess(principal, snapshot.state);
  return snapshot;
}

export const matterOf = (app: Application): Matter => {
  const m = matterById(app.matterId);
  if (!m) throw new Error(`matter ${app.matterId} of case ${app.id} is no longer in the guide`);
  return m;
};

export interface CaseContext {
  matter: Matter;
  limits: ReturnType<typeof limitsOf>;
  cal: typeof calendar;
}

/** The case as its API shows it (L6): the projection, its deadlines' states, the timeline, what is awaited. */
export async function viewOf(app: Application, version: number): Promise<ReturnType<typeof caseView>> {
  return caseView(app, version, await eventStore().readStream(applicationStream(app.id)));
}

/**
 * One staff or applicant command on a case: load it within the caller's scope, let the pure domain
 * function decide, append on the version read (a concurrent command gets 409), reply with the view.
 */
export async function caseCommand(
  principal: Principal,
  id: string,
  now: Date,
  decide: (app: Application, ctx: CaseContext) => Decision<Application, EventsOf<'application'>>,
): Promise<ApiReply> {
  const current = await loadCase(principal, id);
  const matter = matterOf(current.state);
  const decision = decide(current.state, { matter, limits: limitsOf(matter), cal: calendar });
  if (!decision.events.length) return { body: await viewOf(current.state, current.version) };
  const result = await appendDecision(eventStore(), applicationStream(id), current, decision, { actor: principal.sub, at: now });
  return { body: await viewOf(result.state, result.version) };
}
