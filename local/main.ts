import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockOffsetMs, setClockTo } from '../functions/platform/clock';
import { STATE_MACHINES } from '../functions/tasks';
import { schedules } from '../functions/schedules';
import { routes } from '../functions/routes';
import { localDataDir } from './keys';
import { startLocalPlatform } from './runtime';

/** Ctrl-C stops the platform within this, whatever is in flight (issue 30 item 16; bench/stop.ts measures it). */
const STOP_WITHIN_MS = 9500;

/**
 * `npm start`: the whole platform on this machine. `npm start -- --reset` starts empty.
 * Data and keys live under .local/ and survive restarts, and so does a shifted platform clock.
 */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // POWERPERMIT_DATA_DIR: another data directory (the crash drill and the README walk run platforms of their own).
  const dataDir = localDataDir();
  if (process.argv.includes('--reset')) rmSync(dataDir, { recursive: true, force: true });
  const clockFile = join(dataDir, 'clock.json');
  if (existsSync(clockFile)) {
    const { offsetMs } = JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number };
    if (offsetMs) setClockTo(new Date(Date.now() + offsetMs));
  }
  const port = Number(process.env.PORT ?? 4000);
  const started = Date.now();
  const platform = await startLocalPlatform({ dataDir, port, hotlineCallbackUrl: process.env.HOTLINE_CALLBACK_URL });

  const lines = [
    `PowerPermit is running locally (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API              ${platform.apiUrl}        (${Object.keys(routes).length} routes; OpenAPI at /v1/openapi.json)`,
    `  Public site      ${platform.apiUrl}/       (licence verification: a paper licence's QR code opens ${platform.apiUrl}/V/<token>)`,
    `  DynamoDB Local   ${platform.dynamoUrl}    table powerpermit, data in .local/dynamodb`,
    `  S3 (s3rver)      ${platform.s3Url}    buckets powerpermit-documents, powerpermit-audit; data in .local/s3`,
    `  Step Functions   ${platform.sfnUrl}    in-process: ${STATE_MACHINES.join(', ')}`,
    `  Stream reactions polling the table's stream`,
    `  Schedules        ${Object.entries(schedules)
      .map(([n, s]) => `${n} (${s.cron}, Asia/Shanghai)`)
      .join('; ')}`,
    `  Keys             .local/keys (token issuer, e-seal signing key)`,
    `  Local only       POST /local/tokens, GET|POST|DELETE /local/clock, GET /local/status, GET /local/hotline-inbox (what the 12398 hotline was sent), GET /local/outbox (e-mail and SMS to enterprises)`,
    clockOffsetMs() ? `  Clock            shifted: platform time is ${new Date(Date.now() + clockOffsetMs()).toISOString()}` : '',
    `Ctrl-C stops everything.`,
  ];
  process.stdout.write(lines.filter(Boolean).join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // Impatience is a command: stop now. DynamoDB Local's sentinel still stops its JVM gracefully (local/jvm-sentinel.js).
      process.stdout.write(`${signal} again: stopping now.\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping… (again to stop at once)\n`);
    writeFileSync(clockFile, JSON.stringify({ offsetMs: clockOffsetMs() }));
    // Within 10 s whatever hangs: requests in flight get REQUEST_GRACE_MS, the emulators the rest.
    setTimeout(() => {
      process.stderr.write('the platform did not stop within 10 s: stopped at once\n');
      process.exit(1);
    }, STOP_WITHIN_MS).unref();
    platform.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`npm start failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
