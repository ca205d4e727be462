import { shanghaiDate } from '../platform/calendar';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { loadCase, caseCommand, matterOf } from './case-command';
import { limitsOf, supplement, withdraw } from './domain/application';
import { attachMaterials } from './materials';
import { calendar } from '../platform/config';
import { runCommand } from '../platform/command';
import type { Snapshot } from '../platform/event-store';
import { reviewStream, type Review, submitReview } from './domain/review';

/** POST /v1/applications/{id}/supplements — answers the one correction notice (L4). */
export const supplementApplication: Operation<Routes['supplementApplication']> = async ({ params, body, principal, now }) => {
  const current = await loadCase(principal, params.id);
  const matter = matterOf(current.state);
  const added = await attachMaterials(current.state.uscc, matter, body.documentIds, shanghaiDate(now), 'supplement');
  return caseCommand(principal, params.id, now, (app) => supplement(app, matter, added, now, calendar, limitsOf(matter)));
};

/** POST /v1/applications/{id}/withdrawal */
export const withdrawApplication: Operation<Routes['withdrawApplication']> = async ({ params, principal, now }) =>
  caseCommand(principal, params.id, now, (app) => withdraw(app, now));

/** POST /v1/applications/{id}/review — one review per finished case (L11). */
export const reviewApplication: Operation<Routes['reviewApplication']> = async ({ params, body, principal, now }) => {
  const { state: app } = await loadCase(principal, params.id);
  const state = await runCommand(
    {
      stream: reviewStream(app.id),
      decide: (existing: Snapshot<Review> | undefined) => submitReview(existing, app, body, now, calendar),
      view: (r: Review) => r,
    },
    { principal, at: now },
  );
  return { body: state, headers: { location: `/v1/reviews/${app.id}` } };
};
