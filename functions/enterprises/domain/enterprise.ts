import type { EventsOf } from '../../events';
import * as z from 'zod';
import { DomainError } from '../../platform/errors';
import type { Decision } from '../../platform/aggregate';
import type { Snapshot } from '../../platform/event-store';
import { agencyForRegion, RegionCode } from '../../platform/regions';
import { Uscc } from './uscc';

export const enterpriseStream = (uscc: string): string => `ENTERPRISE#${uscc}`;

export const RegisterEnterprise = z.object({
  uscc: Uscc,
  name: z.string().trim().min(2).max(200),
  regionCode: RegionCode,
  legalRepresentative: z.object({ name: z.string().trim().min(1).max(100) }),
});
export type RegisterEnterprise = z.infer<typeof RegisterEnterprise>;

export const Enterprise = z.object({
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  agencyId: z.string(),
  legalRepresentative: z.object({ name: z.string() }),
  registeredAt: z.string(),
  registeredBy: z.string(),
});
export type Enterprise = z.infer<typeof Enterprise>;

export const EnterpriseView = Enterprise.extend({ version: z.number().int() });

/** Names as people write them: full-width forms (NFKC) and spaces do not make another enterprise. */
export const normalizeEnterpriseName = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '');

export function registerEnterprise(
  current: Snapshot<Enterprise> | undefined,
  cmd: RegisterEnterprise,
  actor: string,
  at: Date,
): Decision<Enterprise, EventsOf<'enterprise'>> {
  if (current) throw new DomainError('ENTERPRISE.ALREADY_REGISTERED', `Enterprise ${cmd.uscc} is already registered.`);
  const agency = agencyForRegion(cmd.regionCode);
  if (!agency) throw new DomainError('ENTERPRISE.REGION_NOT_COVERED', `No agency covers region ${cmd.regionCode}.`);
  const state: Enterprise = { ...cmd, agencyId: agency.id, registeredAt: at.toISOString(), registeredBy: actor };
  return {
    events: [{ type: 'EnterpriseRegistered', data: { ...cmd, agencyId: agency.id } }],
    state,
  };
}
