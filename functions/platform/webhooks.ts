import { Webhook } from 'standardwebhooks';

/**
 * POSTs a JSON body signed with the first (current) secret. The id stays the same across attempts
 * so that the receiver drops a repeat; the signature is made at the real time, which the receiver
 * checks against its own clock.
 */
export function postSigned(url: string, id: string, body: string, secret: string, timeoutMs: number): Promise<Response> {
  const sentAt = new Date();
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, sentAt, body),
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
}
