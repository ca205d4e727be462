import * as z from 'zod';
import type { Sealed } from '../../platform/envelope';

/**
 * The enterprise's registered contact for notifications (issue 15; docs/notifications.md): a
 * person, an e-mail address and/or a mainland mobile number. Personal data (P4): kept sealed on
 * the enterprise, opened only by the function that sends notifications, never in an event; what
 * the enterprise and staff see is the masked form.
 */
export const Contact = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: z.email('an e-mail address such as office@example.cn').max(254).optional(),
    mobile: z
      .string()
      .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits such as 13800000000')
      .optional(),
  })
  .refine((c) => c.email || c.mobile, { message: 'an e-mail address, a mobile number or both', path: ['email'] });
export type Contact = z.infer<typeof Contact>;

export const Channel = z.enum(['email', 'sms']);
export type Channel = z.infer<typeof Channel>;

export const MaskedContact = z.object({ name: z.string(), email: z.string().optional(), mobile: z.string().optional() });
export type MaskedContact = z.infer<typeof MaskedContact>;

/** On the enterprise: the channels and the masked form in clear, the contact itself sealed under the enterprise's context. */
export interface SealedContact {
  channels: Channel[];
  masked: MaskedContact;
  sealed: Sealed;
}

export const contactContext = (uscc: string): Record<string, string> => ({ enterprise: uscc, purpose: 'contact' });

export const channelsOf = (c: Contact): Channel[] => [...(c.email ? (['email'] as const) : []), ...(c.mobile ? (['sms'] as const) : [])];

/** 王小明 → 王**, office@example.cn → o***@example.cn, 13812345678 → 138****5678. */
export function maskContact(c: Contact): MaskedContact {
  const [local = '', domain = ''] = (c.email ?? '').split('@');
  return {
    name: [...c.name][0] + '*'.repeat(Math.max(1, [...c.name].length - 1)),
    ...(c.email ? { email: `${local.slice(0, 1)}***@${domain}` } : {}),
    ...(c.mobile ? { mobile: `${c.mobile.slice(0, 3)}****${c.mobile.slice(-4)}` } : {}),
  };
}
