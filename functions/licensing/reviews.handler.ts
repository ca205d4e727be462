import { requestedAgency } from '../platform/auth';
import { runCommand } from '../platform/command';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { recordCallback, type Review, reviewStream } from './domain/review';
import { agencyReviewsKey } from './indexes';

/** POST /v1/reviews/{id}/callback — staff of the case's agency record the callback and rectification (L11). */
export const recordReviewCallback: Operation<Routes['recordReviewCallback']> = async ({ params, body, principal, now }) => {
  const review = await runCommand(
    {
      stream: reviewStream(params.id),
      missing: () => new DomainError('REVIEW.NOT_FOUND', 'No such review.'),
      holder: (r: Review) => ({ what: `Review ${params.id}`, agencyIds: [r.agencyId] }),
      decide: (r: Review) => recordCallback(r, body.notes, body.rectification, principal.sub, now),
      view: (r: Review) => r,
    },
    { principal, at: now },
  );
  return { body: review };
};

/** GET /v1/reviews — the agency's reviews, newest first. */
export const listReviews: Operation<Routes['listReviews']> = async ({ query, principal }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const page = await eventStore().list<Review>('gsi1', agencyReviewsKey(agencyId), { limit: query.limit, cursor: query.cursor });
  const items = page.items.map((s) => s.state).filter((r) => query.bad === undefined || String(r.bad) === query.bad);
  return { body: { items, cursor: page.cursor } };
};
