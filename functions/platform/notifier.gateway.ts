import type { Notifier, OutgoingMessage, SendOutcome } from './notifier';
import { gatewaySecrets } from './webhook-secrets.secretsmanager';
import { postSigned } from './webhooks';

/**
 * E-mail and SMS through a messaging gateway: the message as JSON (OutgoingMessage), POSTed and
 * signed per Standard Webhooks with the message id as the webhook id, so that the gateway sends
 * each message once however often it is offered (docs/notifications.md). The mainland profile's
 * channel — the provincial government's SMS and mail platform or a licensed domestic provider, SES
 * and SNS SMS not being offered in the AWS China regions — and locally the outbox (/local/outbox).
 */
export class GatewayNotifier implements Notifier {
  constructor(private readonly url: string) {}

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    const [secret] = await gatewaySecrets();
    const res = await postSigned(this.url, m.messageId, JSON.stringify(m), secret!, 5000);
    // Busy or broken: the outcome is unknown, the notification is retried. Any other 4xx is the gateway refusing this message.
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error(`messaging gateway: HTTP ${res.status}`);
    return { ok: res.ok, outcome: `gateway HTTP ${res.status}` };
  }
}
