import { appendDecision } from '../platform/aggregate';
import { outOfScope } from '../platform/auth';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import { agencyById } from '../platform/regions';
import type { Routes } from '../routes';
import { agencyReviewsKey, recordCallback, type Review, reviewStream } from './domain/review';

/** POST /v1/reviews/{id}/callback — staff of the case's agency record the callback and rectification (L11). */
export const recordReviewCallback: Operation<Routes['recordReviewCallback']> = async ({ params, body, principal, now }) => {
  const store = eventStore();
  const current = await store.load<Review>(reviewStream(params.id));
  if (current && 'agencyId' in principal && principal.agencyId !== current.state.agencyId) throw outOfScope();
  const { state } = await appendDecision(
    store,
    reviewStream(params.id),
    current,
    recordCallback(current?.state, body.notes, body.rectification, principal.sub, now),
    { actor: principal.sub, at: now },
  );
  return { body: state };
};

/** GET /v1/reviews — the agency's reviews, newest first. */
export const listReviews: Operation<Routes['listReviews']> = async ({ query, principal }) => {
  const agencyId = principal.role === 'admin' ? query.agencyId : principal.agencyId;
  if (!agencyId || !agencyById(agencyId)) throw new DomainError('REVIEW.AGENCY_REQUIRED', 'Name a known agency with ?agencyId=.');
  if (principal.role !== 'admin' && query.agencyId && query.agencyId !== agencyId) throw outOfScope();
  const page = await eventStore().list<Review>('gsi1', agencyReviewsKey(agencyId), { limit: query.limit, cursor: query.cursor });
  const items = page.items.map((s) => s.state).filter((r) => query.bad === undefined || String(r.bad) === query.bad);
  return { body: { items, cursor: page.cursor } };
};
