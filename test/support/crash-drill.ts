import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/emulators';
import { newUscc } from './fixtures';
import { deliverWorkOrder } from './hotline';
import { platformEnv, startPlatformProcess, untilHealthy } from './platform-process';

/**
 * The crash drill: the whole local platform (`npm start`'s own entry, in a process group of its
 * own) under a steady write load — applications and signed 12398 work orders — is SIGKILLed mid-load
 * with everything in it (Node, DynamoDB Local's JVM), restarted on the same data, and then watched
 * until every workflow the acknowledged writes called for has run. The report counts what was
 * acknowledged and lost, what never finished, and what happened twice. Used by
 * test/e2e/crash.test.ts (small) and bench/crash.ts (large).
 */
const ROOT = join(__dirname, '../..');

export interface DrillOptions {
  applications: number;
  workOrders: number;
  /** Kill once this many writes were acknowledged. */
  killAfter: number;
  /** Concurrent clients. */
  clients?: number;
  /** How long after the restart everything must have finished. */
  settleWithinMs?: number;
  log?: (line: string) => void;
}

export interface DrillReport {
  acknowledged: { applications: number; workOrders: number };
  lost: { applications: string[]; workOrders: string[] };
  /** Acknowledged writes whose workflows had not finished when the time was up. */
  unfinished: { intakes: string[]; acknowledgements: string[]; obligations: number };
  duplicated: { intakes: string[]; acknowledgements: string[] };
  /** Seconds from the restart's health check to everything done (undefined: not within the time). */
  settledAfterSeconds?: number;
  killedAt: number;
  logFile: string;
}

interface Delivery {
  webhookId: string;
  type: string;
  orderNo: string;
}

export async function crashDrill(o: DrillOptions): Promise<DrillReport> {
  // The 12398 side: every delivery counted, answered 200.
  const deliveries: Delivery[] = [];
  const hotline: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const p = JSON.parse(body) as { type: string; data: { orderNo: string } };
        deliveries.push({ webhookId: String(req.headers['webhook-id']), type: p.type, orderNo: p.data.orderNo });
      } catch {
        // not ours
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hotline.listen(0, '127.0.0.1', r));
  const running: ChildProcess[] = [];
  try {
    return await drill(o, `http://127.0.0.1:${(hotline.address() as AddressInfo).port}/hook`, deliveries, running);
  } finally {
    // Whatever happened, nothing of the drill outlives it.
    for (const child of running) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((r) => hotline.close(r));
  }
}

async function drill(o: DrillOptions, hotlineUrl: string, deliveries: Delivery[], running: ChildProcess[]): Promise<DrillReport> {
  const log = o.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-crash-'));
  const logFile = join(dataDir, 'platform.log');
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const out = openSync(logFile, 'a');
  const start = (): { child: ChildProcess; exited: Promise<unknown> } => {
    const started = startPlatformProcess(platformEnv(dataDir, port, { HOTLINE_CALLBACK_URL: hotlineUrl }), out);
    running.push(started.child);
    return { child: started.child, exited: started.exited.then(() => running.splice(running.indexOf(started.child), 1)) };
  };
  const healthy = () => untilHealthy(api, logFile);
  const json = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(api + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  let platform = start();
  await healthy();
  log(`platform up on ${api} (data ${dataDir})`);
  const secret = (JSON.parse(readFileSync(join(dataDir, 'keys', 'hotline-webhook.json'), 'utf8')) as { secrets: string[] }).secrets[0]!;
  const template = JSON.parse(readFileSync(join(ROOT, 'scripts/samples/work-order.json'), 'utf8')) as Record<string, unknown>;
  const token = async (claims: Record<string, string>) => (await json('POST', '/local/tokens', undefined, claims)).json.token as string;

  const acknowledged = { applications: [] as { caseId: string; token: string }[], workOrders: [] as string[] };
  let killed = false;
  let killedAt = 0;
  const kill = () => {
    if (killed) return;
    killed = true;
    killedAt = acknowledged.applications.length + acknowledged.workOrders.length;
    process.kill(-platform.child.pid!, 'SIGKILL');
    log(`SIGKILL after ${killedAt} acknowledged writes`);
  };
  const ackd = () => {
    if (acknowledged.applications.length + acknowledged.workOrders.length >= o.killAfter) kill();
  };

  // The load: each job is one application (register + submit) or one work order; clients take jobs until the kill.
  const run = Date.now().toString(36).toUpperCase();
  const jobs: (() => Promise<void>)[] = [
    ...Array.from({ length: o.applications }, () => async () => {
      const uscc = newUscc('350100');
      const t = await token({ role: 'applicant', enterpriseId: uscc });
      const reg = await json('POST', '/v1/enterprises', t, {
        uscc,
        name: `演练电力工程有限公司 ${uscc.slice(-6)}`,
        regionCode: '350100',
        legalRepresentative: { name: '演练' },
      });
      if (reg.status !== 201) return;
      const sub = await json('POST', '/v1/applications', t, { matterId: 'facility-install-l3.new' });
      if (sub.status === 201) acknowledged.applications.push({ caseId: sub.json.id as string, token: t });
    }),
    ...Array.from({ length: o.workOrders }, (_, i) => async () => {
      const orderNo = `CRASH${run}${String(i).padStart(5, '0')}`;
      const res = await deliverWorkOrder(api, secret, { ...template, orderNo, receivedAt: new Date().toISOString() }, `msg_${orderNo}`);
      if (res.status === 202) acknowledged.workOrders.push(orderNo);
    }),
  ].sort(() => Math.random() - 0.5);
  await Promise.all(
    Array.from({ length: o.clients ?? 4 }, async () => {
      for (let job = jobs.shift(); job && !killed; job = jobs.shift()) {
        await job().catch(() => undefined); // a request the kill cut off was never acknowledged
        ackd();
      }
    }),
  );
  kill();
  await platform.exited;

  // Restart on the same data.
  const restartedAt = Date.now();
  platform = start();
  await healthy();
  log(`restarted in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
  const supervisor = await token({ role: 'supervisor', agencyId: 'nea-fujian' });
  const up = Date.now();
  const settleWithin = o.settleWithinMs ?? 120_000;
  const intakes = new Map<string, number>();
  let settledAfterSeconds: number | undefined;
  let open = -1;
  let missing = { intakes: [] as string[], acknowledgements: [] as string[] };
  while (Date.now() - up < settleWithin) {
    for (const a of acknowledged.applications) {
      const audit = await json('GET', `/v1/applications/${a.caseId}/audit`, a.token);
      intakes.set(a.caseId, ((audit.json.events as { type: string }[] | undefined) ?? []).filter((e) => e.type === 'IntakeChecked').length);
    }
    open = ((await json('GET', '/local/status')).json.obligations as { unfinished: number }).unfinished;
    missing = {
      intakes: acknowledged.applications.filter((a) => !intakes.get(a.caseId)).map((a) => a.caseId),
      acknowledgements: acknowledged.workOrders.filter((n) => !deliveries.some((d) => d.orderNo === n && d.type === 'work-order.acknowledged')),
    };
    if (!missing.intakes.length && !missing.acknowledgements.length && open === 0) {
      settledAfterSeconds = (Date.now() - up) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  const lost = {
    applications: [] as string[],
    workOrders: [] as string[],
  };
  for (const a of acknowledged.applications) if ((await json('GET', `/v1/applications/${a.caseId}`, a.token)).status !== 200) lost.applications.push(a.caseId);
  for (const n of acknowledged.workOrders) {
    const got = await json('GET', `/v1/complaints/${n}`, supervisor);
    if (got.status !== 200) {
      lost.workOrders.push(n);
      log(`lost ${n}: ${got.status} ${JSON.stringify(got.json)}`);
    }
  }
  const ackIds = (n: string) => new Set(deliveries.filter((d) => d.orderNo === n && d.type === 'work-order.acknowledged').map((d) => d.webhookId));

  process.kill(-platform.child.pid!, 'SIGTERM');
  await platform.exited;
  return {
    acknowledged: { applications: acknowledged.applications.length, workOrders: acknowledged.workOrders.length },
    lost,
    unfinished: { ...missing, obligations: open },
    duplicated: {
      intakes: [...intakes].filter(([, n]) => n > 1).map(([id]) => id),
      // The hotline drops repeats by webhook id: a second id for one order would be a second acknowledgement.
      acknowledgements: acknowledged.workOrders.filter((n) => ackIds(n).size > 1),
    },
    ...(settledAfterSeconds !== undefined ? { settledAfterSeconds } : {}),
    killedAt,
    logFile,
  };
}
