import type { EventsOf } from '../../events';
import * as z from 'zod';
import { DomainError } from '../../platform/errors';
import type { Decision } from '../../platform/aggregate';
import type { Snapshot } from '../../platform/event-store';
import { agencyForRegion, RegionCode } from '../../platform/regions';
import { Uscc } from './uscc';
import { Channel, Contact, MaskedContact, type SealedContact } from './contact';

export const enterpriseStream = (uscc: string): string => `ENTERPRISE#${uscc}`;

export const RegisterEnterprise = z.object({
  uscc: Uscc,
  name: z.string().trim().min(2).max(200),
  regionCode: RegionCode,
  legalRepresentative: z.object({ name: z.string().trim().min(1).max(100) }),
  /** 住所: the registered address, as on the business licence; printed on the licences it is granted. */
  address: z.string().trim().min(4).max(200).optional(),
  /** Who the platform tells of the enterprise's cases and licences (docs/notifications.md). */
  contact: Contact.optional(),
});
export type RegisterEnterprise = z.infer<typeof RegisterEnterprise>;

export const Enterprise = z.object({
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  agencyId: z.string(),
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
  const agency = agencyForRegion(cmd.regionCode);
  if (!agency) throw new DomainError('ENTERPRISE.REGION_NOT_COVERED', `No agency covers region ${cmd.regionCode}.`);
  const state: Enterprise = { ...cmd, agencyId: agency.id, registeredAt: at.toISOString(), registeredBy: actor, ...(contact ? { contact } : {}) };
  return {
    events: [{ type: 'EnterpriseRegistered', data: { ...cmd, agencyId: agency.id, ...(contact ? { contactChannels: contact.channels } : {}) } }],
    state,
  };
}

/** A new contact replaces the old one; the event says which channels it has, nothing of the person. */
export function changeContact(e: Enterprise, contact: SealedContact): Decision<Enterprise, EventsOf<'enterprise'>> {
  return { events: [{ type: 'EnterpriseContactChanged', data: { channels: contact.channels } }], state: { ...e, contact } };
}
