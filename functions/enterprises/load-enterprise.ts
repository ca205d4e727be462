import { assertInScope, enterpriseHolder, outOfScope, type Principal } from '../platform/auth';
import { loadExisting } from '../platform/command';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import { type Enterprise, enterpriseStream, enterpriseViewOf } from './domain/enterprise';

export const enterpriseNotFound = (uscc: string) => new DomainError('ENTERPRISE.NOT_FOUND', `Enterprise ${uscc} is not registered.`);

/**
 * The enterprise a request is about, if the caller may reach it. An applicant's scope is checked
 * before the read, so asking for another enterprise reveals nothing about it.
 */
export async function loadEnterpriseInScope(principal: Principal, uscc: string): Promise<Snapshot<Enterprise>> {
  if (principal.role === 'applicant' && principal.enterpriseId !== uscc) throw outOfScope(`Enterprise ${uscc}`);
  const snapshot = await loadExisting<Enterprise>(enterpriseStream(uscc), () => enterpriseNotFound(uscc));
  assertInScope(principal, enterpriseHolder(snapshot.state));
  return snapshot;
}

export const enterpriseView = (s: Snapshot<Enterprise>) => enterpriseViewOf(s.state, s.version);
