import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { licensingConfig } from './domain/application';
import { type PublicDecision, publicationStream } from './domain/publication';
import { PUBLIC_DECISIONS_KEY } from './indexes';

/** A day range in Asia/Shanghai as a range of the register's sort keys (`<publishedAt>#<caseId>`, UTC instants). */
const publishedBetween = (from?: string, to?: string): readonly [string, string] | undefined =>
  from || to
    ? [from ? new Date(`${from}T00:00:00+08:00`).toISOString() : '0', to ? `${new Date(`${to}T23:59:59.999+08:00`).toISOString()}#\uffff` : '\uffff']
    : undefined;

/** GET /v1/public/decisions — the public register (L9), oldest first, a page at a time; a period is read by its keys, not filtered. */
export const listPublicDecisions: Operation<Routes['listPublicDecisions']> = async ({ query }) => {
  const sortKeyBetween = publishedBetween(query.publishedFrom, query.publishedTo);
  const page = await eventStore().list<PublicDecision>('gsi1', PUBLIC_DECISIONS_KEY, {
    limit: query.limit,
    cursor: query.cursor,
    ...(sortKeyBetween ? { sortKeyBetween } : {}),
  });
  return { body: { items: page.items.map((s) => s.state), cursor: page.cursor } };
};

/** GET /v1/public/decisions/{caseId} */
export const getPublicDecision: Operation<Routes['getPublicDecision']> = async ({ params }) => {
  const record = await eventStore().load<PublicDecision>(publicationStream(params.caseId));
  if (!record) throw new DomainError('PUBLICATION.NOT_FOUND', `No published decision for ${params.caseId}.`);
  return { body: record.state };
};

/** GET /v1/guide/commitment — the text an applicant signs on the commitment path (L7). */
export const getCommitmentText: Operation<Routes['getCommitmentText']> = async () => ({
  body: { text: licensingConfig.commitmentText },
});
