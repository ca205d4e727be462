import { groupedTally, type Tally } from '../platform/event-store';
import type { Inspection } from './domain/inspection';
import { inspectionContribution } from './domain/report';

/** The supervision report (S5, S7): one tally per agency, over all its inspections; each listed inspection in an item of its own. */
export const supervisionTally = (agencyId: string): string => `SUPERVISION#${agencyId}`;
export const inspectionTally = (i: Inspection): Tally[] =>
  groupedTally(supervisionTally(i.agencyId), inspectionContribution(i), () => undefined, ['openVerification', 'rectificationOpen', 'rectificationOverdue']);
