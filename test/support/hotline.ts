import { postSigned } from '../../functions/platform/webhooks';

/** POSTs a work order to the platform as the 12398 hotline does: signed per Standard Webhooks with `secret`. */
export function deliverWorkOrder(apiUrl: string, secret: string, order: unknown, webhookId = `msg_${Math.random().toString(36).slice(2)}`): Promise<Response> {
  const body = typeof order === 'string' ? order : JSON.stringify(order);
  return postSigned(`${apiUrl}/v1/webhooks/hotline-12398`, webhookId, body, secret, 60_000);
}

/** The local platform's hotline secret (what `npm start` and the harness put in the environment). */
export const localHotlineSecret = (): string => (JSON.parse(process.env.HOTLINE_WEBHOOK_SECRETS!) as { secrets: string[] }).secrets[0]!;
