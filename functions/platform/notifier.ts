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
