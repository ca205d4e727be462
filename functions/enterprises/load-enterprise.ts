import { assertEnterpriseAccess, outOfScope, type Principal } from '../platform/auth';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import { type Enterprise, enterpriseStream } from './domain/enterprise';

/**
 * The enterprise a request is about, if the caller may reach it. An applicant's scope is checked
 * before the read, so asking for another enterprise reveals nothing about it.
 */
export async function loadEnterpriseInScope(principal: Principal, uscc: string): Promise<Snapshot<Enterprise>> {
  if (principal.role === 'applicant' && principal.enterpriseId !== uscc) throw outOfScope();
  const snapshot = await eventStore().load<Enterprise>(enterpriseStream(uscc));
  if (!snapshot) throw new DomainError('ENTERPRISE.NOT_FOUND', `Enterprise ${uscc} is not registered.`);
  assertEnterpriseAccess(principal, snapshot.state);
  return snapshot;
}

export const enterpriseView = (s: Snapshot<Enterprise>) => ({ ...s.state, version: s.version });
