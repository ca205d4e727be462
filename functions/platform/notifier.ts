import { failureCode } from './errors';
import { logger } from './log';

/**
 * Sending a message to a person (docs/notifications.md): an e-mail or an SMS. The message id is
 * the notification's and channel's: a channel that can drop a repeat does (the local outbox); one
 * that cannot (SES, SNS) may deliver twice only if a send succeeded and its record did not.
 */
export interface OutgoingMessage {
  messageId: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
}

/** What the channel answered: an id of its own, or why it refused. Throws only when the outcome is unknown (retry). */
export interface SendOutcome {
  ok: boolean;
  outcome: string;
}

export interface Notifier {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/** One notifier per channel. */
export class ChannelNotifier implements Notifier {
  constructor(private readonly channels: Partial<Record<OutgoingMessage['channel'], Notifier>>) {}

  send(message: OutgoingMessage): Promise<SendOutcome> {
    const n = this.channels[message.channel];
    if (!n) return Promise.resolve({ ok: false, outcome: `no ${message.channel} channel in this deployment` });
    return n.send(message);
  }
}

/**
 * A message offered on its channel, whatever happens: an outcome unknown (the channel threw) is told by its code alone,
 * because a provider's message may name the address or number, and the outcome is kept in the notification's events
 * and the workflow's history (P4). The error itself goes to the log, which masks addresses and numbers.
 */
export async function offer(n: Notifier, message: OutgoingMessage): Promise<SendOutcome> {
  try {
    return await n.send(message);
  } catch (e) {
    logger.warn('notification channel failed', { messageId: message.messageId, channel: message.channel, error: e });
    return { ok: false, outcome: `unknown: ${failureCode(e)}` };
  }
}
