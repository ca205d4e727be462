import type { EventsOf } from '../events';
import { appendDecision, type Decision } from '../platform/aggregate';
import { outOfScope, type Principal } from '../platform/auth';
import { calendar } from '../platform/config';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import { validationError } from '../platform/http/problem';
import type { Operation } from '../platform/http/route';
import { agencyById } from '../platform/regions';
import type { Routes } from '../routes';
import {
  companyById,
  companyConnectionsKey,
  type Connection,
  connectionId,
  connectionStream,
  OpenConnection,
  openConnection as open,
  powerOn,
  recordMilestone as milestone,
} from './domain/connection';

/** Grid companies see their own cases; supervisors those of companies serving their agency's provinces; admins all. */
export function assertCompanyScope(principal: Principal, companyId: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'grid') {
    if (principal.companyId !== companyId) throw outOfScope();
    return;
  }
  const agency = 'agencyId' in principal ? agencyById(principal.agencyId) : undefined;
  const company = companyById(companyId);
  if (!agency || !company || !company.provinces.some((p) => agency.provinces.includes(p))) throw outOfScope();
}

async function command(
  principal: Principal,
  id: string,
  now: Date,
  decide: (c: Connection) => Decision<Connection, EventsOf<'connection'>>,
): Promise<Connection> {
  const current = await eventStore().load<Connection>(connectionStream(id));
  if (!current) throw new DomainError('CONNECTION.NOT_FOUND', `No connection case ${id}.`);
  assertCompanyScope(principal, current.state.companyId);
  return (await appendDecision(eventStore(), connectionStream(id), current, decide(current.state), { actor: principal.sub, at: now })).state;
}

async function openOne(principal: Principal & { role: 'grid' }, body: OpenConnection, now: Date): Promise<Connection> {
  const id = connectionId(principal.companyId, body.gridCaseNo);
  const store = eventStore();
  const current = await store.load<Connection>(connectionStream(id));
  try {
    return (
      await appendDecision(store, connectionStream(id), current, open(current, principal.companyId, body, now, calendar), { actor: principal.sub, at: now })
    ).state;
  } catch (e) {
    // Two reports of the same grid case at once (e.g. twice in one batch): the loser learns it exists.
    if (e instanceof DomainError && e.code === 'CONCURRENCY.VERSION_CONFLICT')
      throw new DomainError('CONNECTION.EXISTS', `Grid case ${body.gridCaseNo} is already reported.`);
    throw e;
  }
}

/** POST /v1/connections (G1–G6 evaluated from the start). */
export const openConnection: Operation<Routes['openConnection']> = async ({ body, principal, now }) => {
  const c = await openOne(principal, body, now);
  return { body: c, headers: { location: `/v1/connections/${c.id}` } };
};

/** POST /v1/connections:batch — up to 500 cases, each on its own: the response lists what was created and what failed and why. */
export const openConnectionsBatch: Operation<Routes['openConnectionsBatch']> = async ({ body, principal, now }) => {
  const results: { index: number; id?: string; status: number; code?: string; detail?: string; errors?: unknown }[] = [];
  // A grid case twice in one batch: the first row counts, later ones are refused before any write.
  const firstRow = new Map<string, number>();
  body.cases.forEach((c, i) => {
    const no = (c as { gridCaseNo?: unknown } | null)?.gridCaseNo;
    if (typeof no === 'string' && !firstRow.has(no)) firstRow.set(no, i);
  });
  let next = 0;
  // A few at a time: the rows are independent; DynamoDB takes the parallelism, one row's failure touches no other.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < body.cases.length) {
        const index = next++;
        const parsed = OpenConnection.safeParse(body.cases[index]);
        if (!parsed.success) {
          const e = validationError(parsed.error, `$.body.cases[${index}]`);
          results.push({ index, status: 400, code: e.code, errors: e.details.errors });
          continue;
        }
        if (firstRow.get(parsed.data.gridCaseNo) !== index) {
          results.push({
            index,
            status: 409,
            code: 'CONNECTION.DUPLICATE_IN_BATCH',
            detail: `Grid case ${parsed.data.gridCaseNo} is already row ${firstRow.get(parsed.data.gridCaseNo)} of this batch.`,
          });
          continue;
        }
        try {
          const c = await openOne(principal, parsed.data, now);
          results.push({ index, id: c.id, status: 201 });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          results.push({
            index,
            status: e.kind === 'conflict' ? 409 : e.kind === 'forbidden' ? 403 : e.kind === 'invalid' ? 400 : 422,
            code: e.code,
            detail: e.message,
          });
        }
      }
    }),
  );
  results.sort((a, b) => a.index - b.index);
  const created = results.filter((r) => r.status === 201).length;
  return { status: 200, body: { created, failed: results.length - created, results } };
};

/** POST /v1/connections/{id}/milestones (G2–G6) */
export const recordMilestone: Operation<Routes['recordMilestone']> = async ({ params, body, principal, now }) => ({
  body: await command(principal, params.id, now, (c) => milestone(c, body, now, calendar)),
});

/** POST /v1/connections/{id}/power-on (G1) */
export const recordPowerOn: Operation<Routes['recordPowerOn']> = async ({ params, body, principal, now }) => ({
  body: await command(principal, params.id, now, (c) => powerOn(c, body.at, now, calendar)),
});

/** GET /v1/connections/{id} */
export const getConnection: Operation<Routes['getConnection']> = async ({ params, principal }) => {
  const c = await eventStore().load<Connection>(connectionStream(params.id));
  if (!c) throw new DomainError('CONNECTION.NOT_FOUND', `No connection case ${params.id}.`);
  assertCompanyScope(principal, c.state.companyId);
  return { body: c.state };
};

/** GET /v1/connections?company=&violations=true */
export const listConnections: Operation<Routes['listConnections']> = async ({ query, principal }) => {
  const companyId = principal.role === 'grid' ? principal.companyId : query.company;
  if (!companyId) throw new DomainError('CONNECTION.COMPANY_REQUIRED', 'Name the grid company with ?company=.');
  assertCompanyScope(principal, companyId);
  const page = await eventStore().list<Connection>('gsi1', companyConnectionsKey(companyId), { limit: query.limit, cursor: query.cursor });
  const items = page.items.map((s) => s.state).filter((c) => query.violations === undefined || c.violations.length > 0 === (query.violations === 'true'));
  return { body: { items, cursor: page.cursor } };
};
