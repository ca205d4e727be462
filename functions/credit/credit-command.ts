import type { EventsOf } from '../events';
import { appendDecision, type Decision } from '../platform/aggregate';
import type { Principal } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Snapshot } from '../platform/event-store';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { type Credit, type EnterpriseRef } from './domain/credit';
import { creditStream } from './domain/credit-class';

/**
 * One command on an enterprise's credit: the enterprise within the caller's scope, the credit
 * stream read, the pure decision appended on the version read (409 for a concurrent writer).
 */
export async function creditCommand(
  principal: Principal,
  uscc: string,
  now: Date,
  decide: (current: Snapshot<Credit> | undefined, enterprise: EnterpriseRef) => Decision<Credit, EventsOf<'credit'>>,
): Promise<Credit> {
  const { state: e } = await loadEnterpriseInScope(principal, uscc);
  const store = eventStore();
  const current = await store.load<Credit>(creditStream(uscc));
  const decision = decide(current, { uscc: e.uscc, name: e.name, regionCode: e.regionCode, agencyId: e.agencyId });
  if (!decision.events.length) return decision.state;
  return (await appendDecision(store, creditStream(uscc), current, decision, { actor: principal.sub, at: now })).state;
}
