import type { EventsOf } from '../../events';
import * as z from 'zod';
import { DomainError } from '../../platform/errors';
import type { Decision } from '../../platform/aggregate';
import type { Snapshot } from '../../platform/event-store';
import { agencyForRegion, RegionCode } from '../../platform/regions';
import { NATIONAL_AUTHORITY_REGION, registrationAuthorityRegion, Uscc } from './uscc';
import { Channel, Contact, MaskedContact, type SealedContact } from './contact';

export const enterpriseStream = (uscc: string): string => `ENTERPRISE#${uscc}`;

export const RegisterEnterprise = z.object({
  uscc: Uscc,
  name: z.string().trim().min(2).max(200),
  /**
   * Where the enterprise is seated (GB/T 2260), in the province of its credit code's registration authority; by
   * default that authority's own code. Required for codes of a national authority, which name no province.
   */
  regionCode: RegionCode.optional(),
  legalRepresentative: z.object({ name: z.string().trim().min(1).max(100) }),
  /** 住所: the registered address, as on the business licence; printed on the licences it is granted. */
  address: z.string().trim().min(4).max(200).optional(),
  /** Who the platform tells of the enterprise's cases and licences (docs/notifications.md). */
  contact: Contact.optional(),
});
export type RegisterEnterprise = z.infer<typeof RegisterEnterprise>;

/** Where an enterprise's supervising region came from: its credit code, a declaration (national codes), a recorded move. */
export const RegionSource = z.enum(['credit-code', 'declared', 'relocated']);

export const Enterprise = z.object({
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  agencyId: z.string(),
  /** Absent on enterprises registered before the region was tied to the credit code: theirs was declared. */
  regionSource: RegionSource.optional(),
  /** A move to another province the enterprise asked for, waiting for the receiving agency. */
  relocationRequested: z.object({ regionCode: z.string(), agencyId: z.string(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
  legalRepresentative: z.object({ name: z.string() }),
  address: z.string().optional(),
  registeredAt: z.string(),
  registeredBy: z.string(),
  contact: z.object({ channels: z.array(Channel), masked: MaskedContact, sealed: z.custom<SealedContact['sealed']>() }).optional(),
});
export type Enterprise = z.infer<typeof Enterprise>;

/** What callers see: the contact masked, never its sealed form. */
export const EnterpriseView = Enterprise.omit({ contact: true }).extend({
  version: z.number().int(),
  contact: z.object({ channels: z.array(Channel), masked: MaskedContact }).optional(),
});
export const enterpriseViewOf = ({ contact, ...e }: Enterprise, version: number): z.infer<typeof EnterpriseView> => ({
  ...e,
  version,
  ...(contact ? { contact: { channels: contact.channels, masked: contact.masked } } : {}),
});

/** Names as people write them: full-width forms (NFKC) and spaces do not make another enterprise. */
export const normalizeEnterpriseName = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '');

/** The contact arrives sealed (the handler seals it): the event names its channels only. */
export function registerEnterprise(
  current: Snapshot<Enterprise> | undefined,
  { contact: _plain, ...cmd }: RegisterEnterprise,
  contact: SealedContact | undefined,
  actor: string,
  at: Date,
): Decision<Enterprise, EventsOf<'enterprise'>> {
  if (current) throw new DomainError('ENTERPRISE.ALREADY_REGISTERED', `Enterprise ${cmd.uscc} is already registered.`);
  const { regionCode, regionSource } = supervisingRegion(cmd.uscc, cmd.regionCode);
  const agency = agencyForRegion(regionCode);
  if (!agency) throw new DomainError('ENTERPRISE.REGION_NOT_COVERED', `No agency covers region ${regionCode}.`);
  const registered = { ...cmd, regionCode, regionSource, agencyId: agency.id };
  const state: Enterprise = { ...registered, registeredAt: at.toISOString(), registeredBy: actor, ...(contact ? { contact } : {}) };
  return {
    events: [{ type: 'EnterpriseRegistered', data: { ...registered, ...(contact ? { contactChannels: contact.channels } : {}) } }],
    state,
  };
}

/**
 * The region an enterprise is supervised in at registration (no agency shopping, ADR 0014): its credit code's
 * registration authority fixes the province; a declared seat may name a city or county there, never another
 * province. A code of a national authority names no province, so the seat is declared (and recorded as such).
 */
export function supervisingRegion(uscc: string, declared: string | undefined): { regionCode: string; regionSource: RegionSource } {
  const authority = registrationAuthorityRegion(uscc);
  if (authority === NATIONAL_AUTHORITY_REGION) {
    if (!declared)
      throw new DomainError('ENTERPRISE.REGION_REQUIRED', `Credit code ${uscc} was issued nationally: name the region the enterprise is seated in.`);
    return { regionCode: declared, regionSource: 'declared' };
  }
  if (!agencyForRegion(authority)) throw new DomainError('ENTERPRISE.REGION_NOT_COVERED', `No agency covers region ${authority} of credit code ${uscc}.`);
  if (declared && declared.slice(0, 2) !== authority.slice(0, 2))
    throw new DomainError(
      'ENTERPRISE.REGION_MISMATCH',
      `Region ${declared} is not in the province of credit code ${uscc}'s registration authority (${authority}); an enterprise that moved is relocated by the receiving agency.`,
    );
  return { regionCode: declared ?? authority, regionSource: 'credit-code' };
}

export type RegionSource = z.infer<typeof RegionSource>;

/** An enterprise that moved its seat to another province asks to be supervised there (ADR 0014). */
export const RequestRelocation = z.object({
  regionCode: RegionCode,
  /** What changed: e.g. the market regulator's change of address (登记机关变更登记) with its date. */
  reason: z.string().trim().min(2).max(2000),
});
export type RequestRelocation = z.infer<typeof RequestRelocation>;
/** The receiving agency confirms the region asked for, having checked the evidence. */
export const ConfirmRelocation = z.object({ regionCode: RegionCode, reason: z.string().trim().min(2).max(2000) });
export type ConfirmRelocation = z.infer<typeof ConfirmRelocation>;

/**
 * A move takes two: the enterprise asks (its own record, never another's), a supervisor of the agency it moves to
 * confirms (never the agency it leaves, never the enterprise). Until then it stays with the agency it has.
 */
export function requestRelocation(e: Enterprise, cmd: RequestRelocation, actor: string, at: Date): Decision<Enterprise, EventsOf<'enterprise'>> {
  if (cmd.regionCode.slice(0, 2) === e.regionCode.slice(0, 2))
    throw new DomainError('ENTERPRISE.RELOCATION_SAME_PROVINCE', `Enterprise ${e.uscc} is already supervised in the province of ${cmd.regionCode}.`);
  const to = agencyForRegion(cmd.regionCode)!;
  const relocationRequested = { regionCode: cmd.regionCode, agencyId: to.id, reason: cmd.reason, by: actor, at: at.toISOString() };
  return { events: [{ type: 'EnterpriseRelocationRequested', data: relocationRequested }], state: { ...e, relocationRequested } };
}

/** Its new applications go to the receiving agency; licences, cases and credit records already held stay where they are. */
export function confirmRelocation(
  e: Enterprise,
  cmd: ConfirmRelocation,
  actor: { sub: string; agencyId: string },
): Decision<Enterprise, EventsOf<'enterprise'>> {
  const asked = e.relocationRequested;
  if (!asked || asked.regionCode !== cmd.regionCode)
    throw new DomainError('ENTERPRISE.RELOCATION_NOT_REQUESTED', `Enterprise ${e.uscc} has not asked to move to ${cmd.regionCode}.`);
  if (asked.agencyId !== actor.agencyId)
    throw new DomainError('ENTERPRISE.RELOCATION_BY_RECEIVING_AGENCY', `Only the agency covering ${cmd.regionCode} (${asked.agencyId}) confirms a move there.`);
  const { relocationRequested: _done, ...rest } = e;
  return {
    events: [
      {
        type: 'EnterpriseRelocated',
        data: {
          from: { regionCode: e.regionCode, agencyId: e.agencyId },
          regionCode: asked.regionCode,
          agencyId: asked.agencyId,
          reason: cmd.reason,
          by: actor.sub,
        },
      },
    ],
    state: { ...rest, regionCode: asked.regionCode, agencyId: asked.agencyId, regionSource: 'relocated' },
  };
}

/** A new contact replaces the old one; the event says which channels it has, nothing of the person. */
export function changeContact(e: Enterprise, contact: SealedContact): Decision<Enterprise, EventsOf<'enterprise'>> {
  return { events: [{ type: 'EnterpriseContactChanged', data: { channels: contact.channels } }], state: { ...e, contact } };
}
