import { staffAgency } from '../platform/auth';
import { runCommand } from '../platform/command';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import * as absence from './domain/absence';
import * as pool from './domain/pool';
import { agencyAbsencesKey, agencyInspectorsKey } from './indexes';

/** PUT /v1/supervision/inspectors/{inspectorId} — supervisors keep the pool; an inspector only adds conflicts of their own (S4). */
export const declareInspector: Operation<Routes['declareInspector']> = async ({ params, body, principal, now }) => {
  const agencyId = staffAgency(principal);
  const inspector = await runCommand(
    {
      stream: pool.inspectorStream(agencyId, params.inspectorId),
      decide: (current: Snapshot<pool.Inspector> | undefined) =>
        pool.declareInspector(current, agencyId, params.inspectorId, body, { sub: principal.sub, role: principal.role as pool.PoolActor['role'] }, now),
    },
    { principal, at: now },
  );
  return { body: inspector };
};

export const listInspectors: Operation<Routes['listInspectors']> = async ({ principal, query }) => {
  const page = await eventStore().list<pool.Inspector>('gsi1', agencyInspectorsKey(staffAgency(principal)), { limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** POST /v1/supervision/problem-library — always drawn while listed (S2). */
export const changeProblemLibrary: Operation<Routes['changeProblemLibrary']> = async ({ body, principal, now }) => {
  const agencyId = staffAgency(principal);
  await loadEnterpriseInScope(principal, body.uscc);
  const library = await runCommand(
    {
      stream: pool.problemLibraryStream(agencyId),
      decide: (current: Snapshot<pool.ProblemLibrary> | undefined) => pool.changeProblemLibrary(current, agencyId, body, principal.sub, now),
    },
    { principal, at: now },
  );
  return { body: library };
};

/** GET /v1/supervision/absences — who of the agency is away now, and who covers (顶岗补位). */
export const listAbsences: Operation<Routes['listAbsences']> = async ({ principal }) => {
  const items = await eventStore().listAll<absence.Absence>('gsi1', agencyAbsencesKey(staffAgency(principal)));
  return { body: { items: items.map((s) => s.state) } };
};

/** PUT /v1/supervision/absences/{sub} — mark a colleague absent, with the colleague who covers. */
export const markAbsent: Operation<Routes['markAbsent']> = async ({ params, body, principal, now }) => {
  const agencyId = staffAgency(principal);
  const marked = await runCommand(
    {
      stream: absence.absenceStream(agencyId, params.sub),
      decide: (current: Snapshot<absence.Absence> | undefined) => absence.markAbsent(current, agencyId, params.sub, body, principal.sub, now),
    },
    { principal, at: now },
  );
  return { body: marked };
};

/** DELETE /v1/supervision/absences/{sub} — back at work. */
export const markBack: Operation<Routes['markBack']> = async ({ params, principal, now }) => {
  const agencyId = staffAgency(principal);
  const back = await runCommand(
    {
      stream: absence.absenceStream(agencyId, params.sub),
      missing: () => new DomainError('ABSENCE.NOT_ABSENT', 'Nobody of that name is marked absent.'),
      decide: (_state: absence.Absence, current: Snapshot<absence.Absence>) => absence.markBack(current, now),
    },
    { principal, at: now },
  );
  return { body: back };
};
