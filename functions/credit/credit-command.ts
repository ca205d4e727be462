import type { EventsOf } from '../events';
import type { Decision } from '../platform/aggregate';
import type { Principal } from '../platform/auth';
import { runCommand } from '../platform/command';
import type { Snapshot } from '../platform/event-store';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { type Credit, type EnterpriseRef } from './domain/credit';
import { creditStream } from './domain/credit-class';

/**
 * One command on an enterprise's credit: the enterprise within the caller's scope (its credit is
 * held as it is), then the credit stream through the command runner.
 */
export async function creditCommand(
  principal: Principal,
  uscc: string,
  now: Date,
  decide: (current: Snapshot<Credit> | undefined, enterprise: EnterpriseRef) => Decision<Credit, EventsOf<'credit'>>,
): Promise<Credit> {
  const { state: e } = await loadEnterpriseInScope(principal, uscc);
  const ref: EnterpriseRef = { uscc: e.uscc, name: e.name, regionCode: e.regionCode, agencyId: e.agencyId };
  return runCommand(
    { stream: creditStream(uscc), decide: (current: Snapshot<Credit> | undefined) => decide(current, ref), view: (credit: Credit) => credit },
    { principal, at: now },
  );
}
