import type { EventsOf } from '../events';
import type { Decision } from '../platform/aggregate';
import { assertInScope, type Holder, type Principal, STAFF_ROLES } from '../platform/auth';
import { runCommand } from '../platform/command';
import { calendar } from '../platform/config';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { ApiReply } from '../platform/http/route';
import { type Application, applicationStream, coveredBy, limitsOf, takenBy } from './domain/application';
import { coversForAbsent } from '../supervision/absences';
import { type Matter, matterById } from './domain/guide';
import { notificationsAbout } from '../enterprises/notifications';
import { caseView } from './domain/view';

/** A case belongs to its applicant and to the agency handling it. */
export const caseHolder = (app: Application): Holder => ({ what: `Case ${app.id}`, uscc: app.uscc, agencyIds: [app.agencyId] });

const caseNotFound = (id: string) => new DomainError('APPLICATION.NOT_FOUND', `No application ${id}.`);

export async function loadCase(principal: Principal, id: string): Promise<Snapshot<Application>> {
  const snapshot = await eventStore().load<Application>(applicationStream(id));
  if (!snapshot) throw caseNotFound(id);
  assertInScope(principal, caseHolder(snapshot.state));
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
  const [events, notifications] = await Promise.all([
    eventStore().readStream(applicationStream(app.id)),
    notificationsAbout({ kind: 'application', id: app.id }),
  ]);
  return caseView(app, version, events, notifications);
}

/** One staff or applicant command on a case (platform/command.ts), the pure decision given the case's matter and limits. */
export async function caseCommand(
  principal: Principal,
  id: string,
  now: Date,
  decide: (app: Application, ctx: CaseContext) => Decision<Application, EventsOf<'application'>>,
): Promise<ApiReply> {
  const body = await runCommand(
    {
      stream: applicationStream(id),
      missing: () => caseNotFound(id),
      holder: caseHolder,
      decide: async (app: Application) => {
        const matter = matterOf(app);
        const decision = decide(app, { matter, limits: limitsOf(matter), cal: calendar });
        if (!(STAFF_ROLES as readonly string[]).includes(principal.role)) return decision;
        // 首问负责: the first staff member to act on the case takes it; 顶岗补位: one covering for its absent owner is a hand-over.
        const taken = takenBy(decision, principal.sub, now);
        return (await coversForAbsent(app.agencyId, app.owner?.sub, principal.sub, now)) ? coveredBy(taken, principal.sub, now) : taken;
      },
      view: viewOf,
    },
    { principal, at: now },
  );
  return { body };
}
