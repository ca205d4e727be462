import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/emulators';
import { deliverWorkOrder } from './hotline';
import { platformEnv, startPlatformProcess, untilHealthy } from './platform-process';

const ROOT = join(__dirname, '..', '..');

export interface ShutdownReport {
  /** Seconds from the signal to the platform's exit (Node and its emulators). */
  stoppedAfterSeconds: number;
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  /** Whether DynamoDB Local's JVM was still running 30 s after the platform exited (its sentinel stops it gracefully). */
  jvmLeftRunning: boolean;
  /** What the platform printed on the way out. */
  said: string;
  /** Work orders acknowledged (202) before the signal, and how many of them the restarted platform has. */
  acknowledged: string[];
  keptAfterRestart: string[];
  logFile: string;
}

/**
 * Ctrl-C under load: the whole platform as `npm start` runs it, with a 12398 acknowledgement workflow retrying (the
 * hotline's address refuses connections), a keep-alive connection held open and requests in flight; then SIGINT to
 * the Node process alone (`second` sends another one second later, as an impatient developer would). It measures how
 * long the platform takes to exit, checks that nothing it started outlives it, and restarts it on the same data to
 * count what it had acknowledged.
 */
export async function shutdownDrill(o: { second?: boolean; restart?: boolean; log?: (line: string) => void } = {}): Promise<ShutdownReport> {
  const log = o.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-stop-'));
  const logFile = join(dataDir, 'platform.log');
  const out = openSync(logFile, 'a');
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  // Nothing listens there: every acknowledgement fails and is retried with the workflow's own backoff.
  const env = platformEnv(dataDir, port, { HOTLINE_CALLBACK_URL: `http://127.0.0.1:${await freePort()}/hook` });
  const running: ChildProcess[] = [];
  const start = () => {
    const p = startPlatformProcess(env, out);
    running.push(p.child);
    return p;
  };
  try {
    const platform = start();
    await untilHealthy(api, logFile);
    const secret = (JSON.parse(readFileSync(join(dataDir, 'keys', 'hotline-webhook.json'), 'utf8')) as { secrets: string[] }).secrets[0]!;
    const template = JSON.parse(readFileSync(join(ROOT, 'scripts/samples/work-order.json'), 'utf8')) as Record<string, unknown>;
    const run = Date.now().toString(36).toUpperCase();
    const acknowledged: string[] = [];
    const deliver = async (i: number) => {
      const orderNo = `ST${run}${String(i).padStart(4, '0')}`;
      const res = await deliverWorkOrder(api, secret, { ...template, orderNo, receivedAt: new Date().toISOString() });
      if (res.status === 202) acknowledged.push(orderNo);
    };
    for (let i = 0; i < 4; i++) await deliver(i);
    // A browser's keep-alive connection, idle; an upload that stalls half-way (in flight until the platform cuts it);
    // and a stream of requests that keeps going until the platform stops.
    const idle = request(`${api}/v1/health`, { agent: new Agent({ keepAlive: true }) });
    idle.on('error', () => undefined);
    idle.end();
    const stalled = request(`${api}/v1/webhooks/hotline-12398`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 1000 } });
    stalled.on('error', () => undefined);
    stalled.write('{"orderNo":');
    let next = 4;
    let stopping = false;
    const load = (async () => {
      while (!stopping) await deliver(next++).catch(() => (stopping = true));
    })();
    await new Promise((r) => setTimeout(r, 500));

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      platform.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const jvm = Number(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8'));
    const printed = () => readFileSync(logFile, 'utf8');
    const before = printed().length;
    const signalledAt = Date.now();
    process.kill(platform.child.pid!, 'SIGINT');
    if (o.second) {
      // Once it says it is stopping (the stalled upload holds it), the developer presses Ctrl-C again.
      while (platform.child.exitCode === null && !printed().slice(before).includes('stopping…')) await new Promise((r) => setTimeout(r, 50));
      if (platform.child.exitCode === null) process.kill(platform.child.pid!, 'SIGINT');
    }
    const { code, signal } = await exited;
    stalled.destroy();
    const stoppedAfterSeconds = (Date.now() - signalledAt) / 1000;
    stopping = true;
    await load;
    running.splice(running.indexOf(platform.child), 1);
    const said = printed().slice(before);
    // DynamoDB Local's JVM (a process group of its own): stopped by its sentinel, gracefully, soon after.
    const alive = () => existsSync(`/proc/${jvm}`) && readFileSync(`/proc/${jvm}/cmdline`, 'utf8').includes('DynamoDBLocal');
    for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    const jvmLeftRunning = alive();
    log(`stopped after ${stoppedAfterSeconds.toFixed(1)} s (exit ${code ?? signal}); ${acknowledged.length} work orders acknowledged`);
    if (o.restart === false)
      return { stoppedAfterSeconds, exitCode: code, signalCode: signal, jvmLeftRunning, said, acknowledged, keptAfterRestart: [], logFile };

    // Restarted on the same data: every acknowledged work order is there.
    start();
    await untilHealthy(api, logFile);
    const token = (await (
      await fetch(`${api}/local/tokens`, { method: 'POST', body: JSON.stringify({ role: 'supervisor', agencyId: 'nea-fujian', sub: 'drill' }) })
    ).json()) as {
      token: string;
    };
    const keptAfterRestart: string[] = [];
    for (const n of acknowledged)
      if ((await fetch(`${api}/v1/complaints/${n}`, { headers: { authorization: `Bearer ${token.token}` } })).status === 200) keptAfterRestart.push(n);
    return { stoppedAfterSeconds, exitCode: code, signalCode: signal, jvmLeftRunning, said, acknowledged, keptAfterRestart, logFile };
  } finally {
    for (const child of running) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}
