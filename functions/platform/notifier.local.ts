import type { Notifier, OutgoingMessage, SendOutcome } from './notifier';

/** The local runtime's mail and SMS: posted to the local server's outbox (GET /local/outbox), which keeps the first of each message id. */
export class LocalOutboxNotifier implements Notifier {
  constructor(private readonly url: string) {}

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(m),
      signal: AbortSignal.timeout(5000),
    });
    if (res.status >= 500) throw new Error(`local outbox: HTTP ${res.status}`);
    return { ok: res.ok, outcome: `outbox HTTP ${res.status}` };
  }
}
