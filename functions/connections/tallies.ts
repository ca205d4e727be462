import { calendar } from '../platform/config';
import type { Tally } from '../platform/event-store';
import type { Connection } from './domain/connection';
import { connectionContribution } from './domain/report';

/** The half-yearly report (G7): one tally per grid company and half in which its cases were powered on. */
export const connectionsHalfTally = (companyId: string, half: string): string => `CONNECTIONS#${companyId}#${half}`;
export const connectionTally = (c: Connection): Tally[] =>
  c.half ? [{ key: connectionsHalfTally(c.companyId, c.half), counts: connectionContribution(c, calendar) }] : [];
