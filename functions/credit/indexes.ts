import { dueKeys, type IndexKeys } from '../platform/event-store';
import { type Credit, nextDue } from './domain/credit';
import { creditStream } from './domain/credit-class';

/** C6: the public list of severely dishonest enterprises. */
export const PUBLIC_DISHONEST_KEY = 'PUBLIC#SEVERELY-DISHONEST';
export const agencyCreditKey = (agencyId: string): string => `AGENCY#${agencyId}#CREDIT`;

export const creditIndex = (c: Credit): IndexKeys => ({
  gsi1pk: agencyCreditKey(c.agencyId),
  gsi1sk: `${c.creditClass}#${c.uscc}`,
  ...(c.creditClass === 'severely-dishonest' ? { gsi2pk: PUBLIC_DISHONEST_KEY, gsi2sk: `${c.classAsOf}#${c.uscc}` } : {}),
  ...dueKeys(nextDue(c), creditStream(c.uscc)),
});
