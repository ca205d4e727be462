import { eventStore } from '../platform/deps';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { licensingConfig } from './domain/application';
import { type PublicDecision, publicationStream } from './domain/publication';
import { candidateKeys, entryBounds, matchesQuery, REGISTER_LIST, registerCsv, type RegisterEntry } from './domain/register';
import { PUBLIC_DECISIONS_KEY } from './indexes';

/** A day range in Asia/Shanghai as a range of instants. */
const publishedBetween = (from?: string, to?: string): readonly [string, string] | undefined =>
  from || to ? [from ? new Date(`${from}T00:00:00+08:00`).toISOString() : '0', to ? new Date(`${to}T23:59:59.999+08:00`).toISOString() : '9'] : undefined;

type RegisterPage = { items: PublicDecision[]; cursor?: string; total?: number };
type ListQuery = Parameters<Operation<Routes['listPublicDecisions']>>[0]['query'];

/** A search reads its list in steps of this many entries, and at most this many per page (a page may then come back short, with a cursor). */
const ENTRIES_PER_READ = 200;
const ENTRIES_PER_PAGE = 2000;

/** The register without a facet: the publication index, by its keys (`<publishedAt>#<caseId>`). */
async function wholeRegister(q: ListQuery, limit: number, cursor: string | undefined): Promise<RegisterPage> {
  const period = publishedBetween(q.publishedFrom, q.publishedTo);
  const page = await eventStore().list<PublicDecision>('gsi1', PUBLIC_DECISIONS_KEY, {
    limit,
    descending: q.order === 'desc',
    ...(cursor ? { cursor } : {}),
    ...(period ? { sortKeyBetween: [period[0], `${period[1]}#\uffff`] as const } : {}),
  });
  return { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/**
 * A search: the smallest of the lists that hold every answer (their counts are read first), read by period, its
 * entries kept when they match the rest of the query; the cursor names the list it continues.
 */
async function searchRegister(q: ListQuery, candidates: readonly string[], limit: number, cursor: string | undefined): Promise<RegisterPage> {
  const store = eventStore();
  const resumed = cursor ? decodeSearchCursor(cursor, candidates) : undefined;
  const counts = resumed
    ? []
    : await Promise.all(candidates.map(async (key) => (await store.readTally(key, { entriesPerList: 0 }))[`count:${REGISTER_LIST}`] ?? 0));
  const key = resumed?.key ?? candidates[counts.indexOf(Math.min(...counts))]!;
  const period = publishedBetween(q.publishedFrom, q.publishedTo);
  // Entries of a list that is exactly the query all match; otherwise some are read only to be left out.
  const exactList = candidates.length === 1 && !q.name;
  const found: RegisterEntry[] = [];
  let after = resumed?.after;
  let more = true;
  for (let read = 0; more && found.length < limit && read < ENTRIES_PER_PAGE; read += ENTRIES_PER_READ) {
    const page = await store.readEntries<RegisterEntry>(key, REGISTER_LIST, {
      limit: exactList ? limit - found.length : ENTRIES_PER_READ,
      descending: q.order === 'desc',
      ...(after ? { after } : {}),
      ...(period ? { between: entryBounds(...period) } : {}),
    });
    more = page.more;
    for (const [i, e] of page.items.entries()) {
      after = e;
      if (matchesQuery(e, q)) found.push(e);
      // The page is full: what this read holds beyond it is the next page's start.
      if (found.length === limit) {
        more ||= i < page.items.length - 1;
        break;
      }
    }
  }
  const items = (await store.loadMany<PublicDecision>(found.map((e) => publicationStream(e.caseId)))).map((s) => s.state);
  // The list's count is the answer's size when the list is exactly the query and no period narrows it.
  return {
    items,
    ...(more && after ? { cursor: encodeSearchCursor(key, after) } : {}),
    ...(exactList && !period && counts.length ? { total: counts[0] } : {}),
  };
}

const encodeSearchCursor = (key: string, after: RegisterEntry): string => encodeCursor({ key, after });
const decodeSearchCursor = (cursor: string, candidates: readonly string[]): { key: string; after: RegisterEntry } =>
  decodeCursor(cursor, (position) => {
    const c = position as { key?: unknown; after?: unknown } | null;
    return c && typeof c.key === 'string' && candidates.includes(c.key) && typeof c.after === 'object' && c.after !== null
      ? { key: c.key, after: c.after as RegisterEntry }
      : undefined;
  });

const registerPage = (q: ListQuery, limit: number, cursor: string | undefined): Promise<RegisterPage> => {
  const candidates = candidateKeys(q);
  return candidates.length ? searchRegister(q, candidates, limit, cursor) : wholeRegister(q, limit, cursor);
};

/** A CSV download holds at most this many rows; the page says so and asks for a narrower search beyond it. */
export const REGISTER_CSV_MAX_ROWS = 5000;

/**
 * GET /v1/public/decisions — the public register (L9): by period (Asia/Shanghai days), oldest or newest first;
 * searched by name (any two or more adjacent characters), credit code or licence number and filtered by class and
 * province, each read from a list of its own (O(answer)); as JSON a page at a time, or as CSV.
 */
export const listPublicDecisions: Operation<Routes['listPublicDecisions']> = async ({ query }) => {
  if (query.format === 'json') return { body: await registerPage(query, query.limit ?? 50, query.cursor) };
  const rows: PublicDecision[] = [];
  let cursor = query.cursor;
  do {
    const page = await registerPage(query, 100, cursor);
    rows.push(...page.items);
    cursor = page.cursor;
  } while (cursor && rows.length < REGISTER_CSV_MAX_ROWS);
  return {
    raw: registerCsv(rows.slice(0, REGISTER_CSV_MAX_ROWS)),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="public-decisions.csv"',
      ...(cursor || rows.length > REGISTER_CSV_MAX_ROWS ? { 'x-rows-truncated-at': String(REGISTER_CSV_MAX_ROWS) } : {}),
    },
  };
};

/** GET /v1/public/decisions/{caseId} */
export const getPublicDecision: Operation<Routes['getPublicDecision']> = async ({ params }) => {
  const record = await eventStore().load<PublicDecision>(publicationStream(params.caseId));
  if (!record) throw new DomainError('PUBLICATION.NOT_FOUND', `No published decision for ${params.caseId}.`);
  return { body: record.state };
};

/** GET /v1/guide/commitment — the text an applicant signs on the commitment path (L7). */
export const getCommitmentText: Operation<Routes['getCommitmentText']> = async () => ({
  body: { text: licensingConfig.commitmentText, textEn: licensingConfig.commitmentTextEn },
});
