import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import { markBreached, type WorkingDayCalendar, shanghaiDate } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import type { Snapshot } from '../../platform/event-store';
import { type Application, FINISHED, licensingConfig } from './application';

/**
 * Service reviews (好差评, DOMAIN L11): one per finished case. A real-name bad review (rating ≤ 2)
 * gets a callback within 3 WD and a rectification within 15 WD (defaults in config/licensing.json);
 * the daily sweep flags them when they run out.
 */
export const SubmitReview = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
  realName: z.boolean(),
});
export type SubmitReview = z.infer<typeof SubmitReview>;

export const ReviewDeadline = z.object({
  kind: z.enum(['callback', 'rectification']),
  rule: z.literal('L11'),
  dueDate: z.string(),
  dueAt: z.string(),
  calendarProvisional: z.boolean(),
  metAt: z.string().optional(),
  breachedOn: z.string().optional(),
  detectedOn: z.string().optional(),
});
export type ReviewDeadline = z.infer<typeof ReviewDeadline>;

export const Review = z.object({
  reviewId: z.string(),
  caseId: z.string(),
  matterId: z.string(),
  agencyId: z.string(),
  uscc: z.string(),
  rating: z.number().int(),
  comment: z.string().optional(),
  realName: z.boolean(),
  bad: z.boolean(),
  submittedAt: z.string(),
  callback: z.object({ notes: z.string(), at: z.string(), by: z.string() }).optional(),
  rectification: z.object({ measures: z.string(), at: z.string(), by: z.string() }).optional(),
  deadlines: z.array(ReviewDeadline),
});
export type Review = z.infer<typeof Review>;

export const reviewStream = (caseId: string): string => `REVIEW#${caseId}`;

/** The earliest open clock of a review (L11): the sweep's next look. */
export const nextDue = (r: Review): string | undefined =>
  r.deadlines
    .filter((d) => !d.metAt && !d.breachedOn)
    .map((d) => d.dueDate)
    .sort()[0];

export function submitReview(
  existing: Snapshot<Review> | undefined,
  app: Application,
  input: SubmitReview,
  at: Date,
  cal: WorkingDayCalendar,
): Decision<Review, EventsOf<'review'>> {
  if (!FINISHED.includes(app.status)) throw new DomainError('REVIEW.CASE_NOT_FINISHED', 'A case can be reviewed once it is finished.');
  if (existing) throw new DomainError('REVIEW.ALREADY_REVIEWED', 'This case has already been reviewed.');
  const cfg = licensingConfig.reviews;
  const bad = input.rating <= cfg.badRatingAtMost;
  const today = shanghaiDate(at);
  const deadlines: ReviewDeadline[] =
    bad && input.realName
      ? (
          [
            ['callback', cfg.callbackWorkingDays],
            ['rectification', cfg.rectificationWorkingDays],
          ] as const
        ).map(([kind, wd]) => {
          const d = cal.deadline(today, wd);
          return { kind, rule: 'L11' as const, dueDate: d.dueDate, dueAt: d.dueAt, calendarProvisional: d.calendarProvisional };
        })
      : [];
  const review: Review = {
    reviewId: app.id,
    caseId: app.id,
    matterId: app.matterId,
    agencyId: app.agencyId,
    uscc: app.uscc,
    rating: input.rating,
    ...(input.comment ? { comment: input.comment } : {}),
    realName: input.realName,
    bad,
    submittedAt: at.toISOString(),
    deadlines,
  };
  return {
    events: [{ type: 'ReviewSubmitted', data: { rating: input.rating, realName: input.realName, bad, ...(input.comment ? { comment: input.comment } : {}) } }],
    state: review,
  };
}

export function recordCallback(current: Review, notes: string, rectification: string | undefined, by: string, at: Date): Decision<Review, EventsOf<'review'>> {
  if (!current.bad) throw new DomainError('REVIEW.NOT_BAD', 'Callbacks are for bad reviews.');
  if (current.callback && (!rectification || current.rectification)) throw new DomainError('REVIEW.CALLBACK_RECORDED', 'The callback is already recorded.');
  const nowIso = at.toISOString();
  const review: Review = {
    ...current,
    callback: current.callback ?? { notes, at: nowIso, by },
    ...(rectification ? { rectification: { measures: rectification, at: nowIso, by } } : {}),
    deadlines: current.deadlines.map((d) =>
      !d.metAt && (d.kind === 'callback' || (d.kind === 'rectification' && rectification)) ? { ...d, metAt: nowIso } : d,
    ),
  };
  return { events: [{ type: 'ReviewCallbackRecorded', data: { notes, ...(rectification ? { rectification } : {}) } }], state: review };
}

/** The sweep flags a callback or rectification whose last day has passed (L11). */
export function sweepReview(current: Review, at: Date): Decision<Review, EventsOf<'review'>> {
  const today = shanghaiDate(at);
  const breached = current.deadlines.filter((d) => !d.metAt && !d.breachedOn && d.dueDate < today);
  const review: Review = {
    ...current,
    deadlines: current.deadlines.map((d) => (breached.includes(d) ? markBreached(d, today) : d)),
  };
  return {
    events: breached
      .map((d) => markBreached(d, today))
      .map((b) => ({ type: 'DeadlineBreached', data: { kind: b.kind, rule: 'L11', dueDate: b.dueDate, breachedOn: b.breachedOn, flaggedOn: today } })),
    state: review,
  };
}
