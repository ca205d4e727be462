import { calendar } from '../platform/config';
import { groupedTally, type Tally } from '../platform/event-store';
import type { Connection } from './domain/connection';
import { connectionContribution } from './domain/report';

/** The half-yearly report (G7): one tally per grid company and half in which its cases were powered on. */
export const connectionsHalfTally = (companyId: string, half: string): string => `CONNECTIONS#${companyId}#${half}`;

/** Each group's figures and histogram (`n:<group>`, `hist:<group>:<wd>`…) in an item of their own. */
const itemOf = (name: string): string | undefined => (/^(n|wd|steps|materials|costFen|hist):/.test(name) ? name.split(':')[1] : undefined);

export const connectionTally = (c: Connection): Tally[] =>
  c.half ? groupedTally(connectionsHalfTally(c.companyId, c.half), connectionContribution(c, calendar), itemOf) : [];
