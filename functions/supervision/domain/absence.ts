import * as z from 'zod';
import type { EventsOf } from '../../events';
import type { Decision } from '../../platform/aggregate';
import { IsoDate } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import type { Snapshot } from '../../platform/event-store';

/**
 * 顶岗补位 (001 §(十)): a staff member marked absent by a supervisor or decision-maker, with the colleague who covers
 * meanwhile. The workbench shows the absent owner's cases and work orders to the cover, and a cover's action on
 * one is a hand-over on its timeline. One small aggregate per agency and person; back, it is kept (the record).
 */
export const MarkAbsent = z.object({
  coveredBy: z.string().trim().min(1).max(128),
  until: IsoDate.optional(),
  reason: z.string().trim().min(2).max(500),
});
export type MarkAbsent = z.infer<typeof MarkAbsent>;

export interface Absence {
  agencyId: string;
  sub: string;
  status: 'absent' | 'back';
  coveredBy: string;
  since: string;
  until?: string;
  reason: string;
  markedBy: string;
  backAt?: string;
}

export const absenceStream = (agencyId: string, sub: string): string => `ABSENCE#${agencyId}#${sub}`;

export function markAbsent(
  current: Snapshot<Absence> | undefined,
  agencyId: string,
  sub: string,
  cmd: MarkAbsent,
  by: string,
  at: Date,
): Decision<Absence, EventsOf<'absence'>> {
  if (cmd.coveredBy === sub) throw new DomainError('ABSENCE.SELF_COVER', `${sub} cannot cover for themselves.`);
  const state: Absence = {
    agencyId,
    sub,
    status: 'absent',
    coveredBy: cmd.coveredBy,
    since: at.toISOString(),
    ...(cmd.until ? { until: cmd.until } : {}),
    reason: cmd.reason,
    markedBy: by,
  };
  if (current?.state.status === 'absent' && current.state.coveredBy === cmd.coveredBy && current.state.until === cmd.until)
    return { events: [], state: current.state };
  return { events: [{ type: 'StaffAbsenceMarked', data: { sub, coveredBy: cmd.coveredBy, until: cmd.until ?? null, reason: cmd.reason } }], state };
}

export function markBack(current: Snapshot<Absence> | undefined, at: Date): Decision<Absence, EventsOf<'absence'>> {
  if (!current || current.state.status !== 'absent') throw new DomainError('ABSENCE.NOT_ABSENT', 'Nobody of that name is marked absent.');
  return { events: [{ type: 'StaffReturned', data: { sub: current.state.sub } }], state: { ...current.state, status: 'back', backAt: at.toISOString() } };
}

/** Whether `cover` covers for `owner` now (an absence with its last day past no longer counts). */
export const covers = (a: Absence | undefined, cover: string, today: string): boolean =>
  !!a && a.status === 'absent' && a.coveredBy === cover && (!a.until || a.until >= today);
