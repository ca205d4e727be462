import { piiKeys } from '../platform/deps';
import { open, seal } from '../platform/envelope';
import { channelsOf, type Contact, contactContext, maskContact, type SealedContact } from './domain/contact';

/** Seals a contact under its enterprise (P4): only the notifying function can open it. */
export const sealContact = async (uscc: string, c: Contact): Promise<SealedContact> => ({
  channels: channelsOf(c),
  masked: maskContact(c),
  sealed: await seal(piiKeys(), JSON.stringify(c), contactContext(uscc)),
});

export const openContact = async (uscc: string, c: SealedContact): Promise<Contact> =>
  JSON.parse(await open(piiKeys(), c.sealed, contactContext(uscc))) as Contact;
