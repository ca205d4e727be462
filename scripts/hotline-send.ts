import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { ensureLocalKeys, localDataDir } from '../local/keys';

/**
 * `npm run hotline:send -- <work-order.json>` signs a work order with the local hotline secret
 * (.local/keys/hotline-webhook.json, or under POWERPERMIT_DATA_DIR) per Standard Webhooks and posts
 * it to the local API (PORT, default 4000). `scripts/samples/work-order.json` is a sample.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run hotline:send -- <work-order.json>');
  const body = readFileSync(file, 'utf8');
  const { hotlineSecretsFile } = ensureLocalKeys(join(localDataDir(), 'keys'));
  const [secret] = (JSON.parse(readFileSync(hotlineSecretsFile, 'utf8')) as { secrets: string[] }).secrets;
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const at = new Date();
  const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 4000}/v1/webhooks/hotline-12398`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret!).sign(id, at, body),
    },
  });
  process.stdout.write(`${res.status} ${await res.text()}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
