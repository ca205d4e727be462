import { streamAudit } from '../platform/audit';
import type { EventsOf } from '../events';
import type { Decision } from '../platform/aggregate';
import { assertInScope, type Principal } from '../platform/auth';
import { runCommand } from '../platform/command';
import { calendar } from '../platform/config';
import { eventStore } from '../platform/deps';
import { eachConcurrently } from '../platform/concurrency';
import { DomainError } from '../platform/errors';
import { statusOf, validationError } from '../platform/http/problem';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import type { Snapshot } from '../platform/event-store';
import { companyHolder, type Connection, connectionId, connectionStream, OpenConnection, powerOn } from './domain/connection';
import * as connection from './domain/connection';
import { companyConnectionsKey } from './indexes';

const connectionNotFound = (id: string) => new DomainError('CONNECTION.NOT_FOUND', `No connection case ${id}.`);
const connectionHolder = (c: Connection) => companyHolder(c.companyId);
const asIs = (c: Connection) => c;

async function command(
  principal: Principal,
  id: string,
  now: Date,
  decide: (c: Connection) => Decision<Connection, EventsOf<'connection'>>,
): Promise<Connection> {
  return runCommand(
    { stream: connectionStream(id), missing: () => connectionNotFound(id), holder: connectionHolder, decide, view: asIs },
    { principal, at: now },
  );
}

async function openOne(principal: Principal & { role: 'grid' }, body: OpenConnection, now: Date): Promise<Connection> {
  const id = connectionId(principal.companyId, body.gridCaseNo);
  try {
    return await runCommand(
      {
        stream: connectionStream(id),
        decide: (current: Snapshot<Connection> | undefined) => connection.openConnection(current, principal.companyId, body, now, calendar),
        view: asIs,
      },
      { principal, at: now },
    );
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
  // A few at a time: the rows are independent; DynamoDB takes the parallelism, one row's failure touches no other.
  await eachConcurrently(body.cases.length, 8, async (index) => {
    const parsed = OpenConnection.safeParse(body.cases[index]);
    if (!parsed.success) {
      const e = validationError(parsed.error, `$.body.cases[${index}]`);
      results.push({ index, status: 400, code: e.code, errors: e.details.errors });
      return;
    }
    if (firstRow.get(parsed.data.gridCaseNo) !== index) {
      results.push({
        index,
        status: 409,
        code: 'CONNECTION.DUPLICATE_IN_BATCH',
        detail: `Grid case ${parsed.data.gridCaseNo} is already row ${firstRow.get(parsed.data.gridCaseNo)} of this batch.`,
      });
      return;
    }
    try {
      const c = await openOne(principal, parsed.data, now);
      results.push({ index, id: c.id, status: 201 });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      results.push({ index, status: statusOf(e.kind), code: e.code, detail: e.message });
    }
  });
  results.sort((a, b) => a.index - b.index);
  const created = results.filter((r) => r.status === 201).length;
  return { status: 200, body: { created, failed: results.length - created, results } };
};

/** POST /v1/connections/{id}/milestones (G2–G6) */
export const recordMilestone: Operation<Routes['recordMilestone']> = async ({ params, body, principal, now }) => ({
  body: await command(principal, params.id, now, (c) => connection.recordMilestone(c, body, now, calendar)),
});

/** POST /v1/connections/{id}/power-on (G1) */
export const recordPowerOn: Operation<Routes['recordPowerOn']> = async ({ params, body, principal, now }) => ({
  body: await command(principal, params.id, now, (c) => powerOn(c, body.at, now, calendar)),
});

/** GET /v1/connections/{id} */
export const getConnection: Operation<Routes['getConnection']> = async ({ params, principal }) => {
  const c = await eventStore().load<Connection>(connectionStream(params.id));
  if (!c) throw connectionNotFound(params.id);
  assertInScope(principal, connectionHolder(c.state));
  return { body: c.state };
};

/** GET /v1/connections/{id}/audit — the case's events and whether their chain holds (X1). */
export const getConnectionAudit: Operation<Routes['getConnectionAudit']> = async ({ params, principal }) => {
  const c = await eventStore().load<Connection>(connectionStream(params.id));
  if (!c) throw connectionNotFound(params.id);
  assertInScope(principal, connectionHolder(c.state));
  return { body: await streamAudit(connectionStream(params.id)) };
};

/** GET /v1/connections?company=&violations=true */
export const listConnections: Operation<Routes['listConnections']> = async ({ query, principal }) => {
  const companyId = principal.role === 'grid' ? principal.companyId : query.company;
  if (!companyId) throw new DomainError('CONNECTION.COMPANY_REQUIRED', 'Name the grid company with ?company=.');
  assertInScope(principal, companyHolder(companyId));
  const page = await eventStore().list<Connection>('gsi1', companyConnectionsKey(companyId), { limit: query.limit, cursor: query.cursor });
  const items = page.items.map((s) => s.state).filter((c) => query.violations === undefined || c.violations.length > 0 === (query.violations === 'true'));
  return { body: { items, cursor: page.cursor } };
};
