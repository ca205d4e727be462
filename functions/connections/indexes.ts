import type { IndexKeys } from '../platform/event-store';
import type { Connection } from './domain/connection';

export const companyConnectionsKey = (companyId: string): string => `GRID#${companyId}#CONNECTIONS`;
/** G7: a company's cases powered on in a half-year, for its report. */
export const companyHalfKey = (companyId: string, half: string): string => `GRID#${companyId}#POWERED#${half}`;

export const connectionIndex = (c: Connection): IndexKeys => ({
  gsi1pk: companyConnectionsKey(c.companyId),
  gsi1sk: `${c.appliedAt}#${c.id}`,
  ...(c.half ? { gsi2pk: companyHalfKey(c.companyId, c.half), gsi2sk: c.id } : {}),
});
