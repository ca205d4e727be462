import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** The resource variables a test process holds for its in-process platform; a platform of its own must not inherit them. */
const TEST_RESOURCES = [
  'TABLE_NAME',
  'DOCUMENTS_BUCKET',
  'AUDIT_BUCKET',
  'STATE_MACHINE_ARNS',
  'HOTLINE_WEBHOOK_SECRETS',
  'PII_LOCAL_KEY_FILE',
  'SEAL_LOCAL_KEY_DIR',
];

/** The environment `npm start` would see on this machine, with a data directory and port of its own. */
export function platformEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !TEST_RESOURCES.includes(k)));
  return { ...inherited, PORT: String(port), POWERPERMIT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', POWERTOOLS_METRICS_DISABLED: 'true', ...extra };
}

/**
 * The whole platform as `npm start` runs it (local/main.ts), in a process group of its own so that
 * one signal takes it all (Node and DynamoDB Local's JVM). `exited` is listened for from the start:
 * a process killed at once may have exited before anyone waits for it.
 */
export function startPlatformProcess(env: NodeJS.ProcessEnv, out: number): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local/main.ts')], { cwd: ROOT, detached: true, stdio: ['ignore', out, out], env });
  return { child, exited: new Promise((r) => child.once('exit', () => r())) };
}

/** Resolves once the API answers its health route; polls, bounded by `ms`. */
export async function untilHealthy(api: string, logFile: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${api}/v1/health`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`the platform did not come up; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
