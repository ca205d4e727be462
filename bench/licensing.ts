import { createHash } from 'node:crypto';
import { documentClient } from '../functions/platform/aws';
import { TABLE_SCHEMA } from '../functions/platform/table';
import { usccCheckCharacter } from '../functions/enterprises/domain/uscc';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:licensing`: whole licensing cases through the local runtime — submit, accept,
 * grant, then the workflows issue and publish — with CASES cases in LANES parallel lanes.
 * Prints cases/minute, p50/p99 per API call, and the DynamoDB capacity each command consumed
 * (ReturnConsumedCapacity on every call the handlers make).
 */
const CASES = Number(process.env.BENCH_CASES ?? 40);
const LANES = Number(process.env.BENCH_LANES ?? 4);
const MEASURED = 3;

type Consumed = { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };
const REQUIRED = [
  'application-form',
  'business-license',
  'financial-report',
  'safety-management-system',
  'personnel-roster',
  'personnel-qualifications',
  'equipment-list',
];

const capacity = { read: 0, write: 0 };
/** Write units of the measured cases by where they land: the table or one of its indexes. */
const writesByTarget = new Map<string, number>();
let measuring = false;
/** Table write units of the measured cases by item (pk's kind and sk's kind), estimated from each item's size. */
const writesByItem = new Map<string, { units: number; n: number }>();
/**
 * What the indexes would meter in AWS for the measured cases: an item's index entry is written only
 * when it appears (1 unit: keys only, under 1 KB), disappears (1) or changes its keys (2: a delete
 * and a put); a write that leaves an item's index keys as they were is not projected (0). DynamoDB
 * Local reports a unit per index for every write of an indexed item, so its figures are an upper bound.
 */
const indexKeysOf = new Map<string, Record<string, string | undefined>>();
const awsIndexUnits = new Map<string, number>();
function bookIndexes(op: 'put' | 'delete', item: Record<string, unknown>): void {
  const id = `${String(item.pk)}|${String(item.sk)}`;
  const before = indexKeysOf.get(id) ?? {};
  const after: Record<string, string | undefined> = {};
  for (const i of TABLE_SCHEMA.indexes) {
    after[i.name] = op === 'put' && item[i.partitionKey] !== undefined ? `${String(item[i.partitionKey])}|${String(item[i.sortKey])}` : undefined;
    const units = before[i.name] === after[i.name] ? 0 : before[i.name] && after[i.name] ? 2 : 1;
    if (measuring && units) awsIndexUnits.set(i.name, (awsIndexUnits.get(i.name) ?? 0) + units);
  }
  indexKeysOf.set(id, after);
}

function bookItems(command: string, input: Record<string, unknown>): void {
  const puts: { item: Record<string, unknown>; factor: number }[] = [];
  if (command.startsWith('TransactWrite'))
    for (const t of (input.TransactItems ?? []) as Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[])
      for (const [kind, op] of Object.entries(t)) {
        puts.push({ item: op.Item ?? op.Key ?? {}, factor: 2 });
        if (kind === 'Put' || kind === 'Delete') bookIndexes(kind === 'Put' ? 'put' : 'delete', op.Item ?? op.Key ?? {});
      }
  if (/^(Put|Update)/.test(command)) puts.push({ item: (input.Item ?? input.Key ?? {}) as Record<string, unknown>, factor: 1 });
  if (/^Put/.test(command)) bookIndexes('put', input.Item as Record<string, unknown>);
  if (!measuring) return;
  for (const { item, factor } of puts) {
    const text = (v: unknown) => String((v as { S?: string })?.S ?? v);
    const kind = `${text(item.pk).split('#')[0]} ${text(item.sk).split('#')[0]}`;
    const b = writesByItem.get(kind) ?? { units: 0, n: 0 };
    writesByItem.set(kind, { units: b.units + factor * Math.ceil(JSON.stringify(item).length / 1024), n: b.n + 1 });
  }
}
const timings = new Map<string, number[]>();
const perCommand = new Map<string, { read: number; write: number; n: number }>();

async function main(): Promise<void> {
  // Stream and workflows are driven by this script: first step by step (to attribute capacity), then in the background.
  await withLocalPlatform('pp-bench-cases', async (p) => {
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
        bookItems(context.commandName ?? '', args.input as Record<string, unknown>);
        const out = await next(args);
        // DynamoDB Local reports total CapacityUnits; the operation says whether they are read or write units.
        const cc = ([] as Consumed[]).concat((out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity ?? []);
        const units = cc.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(context.commandName ?? '')) capacity.read += units;
        else {
          capacity.write += units;
          if (measuring)
            for (const c of cc) {
              writesByTarget.set('table', (writesByTarget.get('table') ?? 0) + (c.Table?.CapacityUnits ?? 0));
              for (const [name, g] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
                writesByTarget.set(name, (writesByTarget.get(name) ?? 0) + (g.CapacityUnits ?? 0));
            }
        }
        return out;
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
    const reviewer = await p.issuer.mint({ role: 'reviewer', agencyId: 'nea-fujian' });
    const dm = await p.issuer.mint({ role: 'decision-maker', agencyId: 'nea-fujian' });
    const call = async (name: string, method: string, path: string, token: string, body?: unknown, sequential = false) => {
      const before = { ...capacity };
      const t = performance.now();
      const res = await fetch(p.apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as Record<string, unknown>;
      (timings.get(name) ?? timings.set(name, []).get(name)!).push(performance.now() - t);
      if (sequential) {
        const c = perCommand.get(name) ?? { read: 0, write: 0, n: 0 };
        perCommand.set(name, { read: c.read + capacity.read - before.read, write: c.write + capacity.write - before.write, n: c.n + 1 });
      }
      if (res.status >= 300) throw new Error(`${name}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    // Set-up (not timed): enterprises with their vaults.
    const enterprises = await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const first17 = `91350100BENCH${String(lane).padStart(4, '0')}`;
        const uscc = first17 + usccCheckCharacter(first17);
        const token = await p.issuer.mint({ role: 'applicant', enterpriseId: uscc });
        await call('registerEnterprise', 'POST', '/v1/enterprises', token, {
          uscc,
          name: `基准测试电力公司${lane}`,
          regionCode: '350100',
          legalRepresentative: { name: '基准' },
        });
        let form = '';
        for (const m of REQUIRED) {
          const bytes = Buffer.from(`%PDF-1.4\n${m} ${uscc}\n`);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          const d = await call('declareDocument', 'POST', `/v1/enterprises/${uscc}/documents`, token, {
            materialType: m,
            fileName: `${m}.pdf`,
            contentType: 'application/pdf',
            size: bytes.length,
            sha256,
          });
          const u = d.upload as { url: string; headers: Record<string, string> };
          await fetch(u.url, { method: 'PUT', body: bytes, headers: u.headers });
          await call('confirmDocument', 'POST', `/v1/enterprises/${uscc}/documents/${sha256}/confirmation`, token);
          if (m === 'application-form') form = sha256;
        }
        return { token, form };
      }),
    );

    /** Runs the stream reactions and workflows to completion; their capacity is booked under `name`. */
    const settle = async (name: string) => {
      const before = { ...capacity };
      for (;;) {
        const handled = await p.poller.drain();
        const running = p.stepFunctions.list().filter((e) => e.status === 'RUNNING');
        await Promise.all(running.map((e) => e.done));
        if (!handled && !running.length) break;
      }
      const c = perCommand.get(name) ?? { read: 0, write: 0, n: 0 };
      perCommand.set(name, { read: c.read + capacity.read - before.read, write: c.write + capacity.write - before.write, n: c.n + 1 });
    };
    const waitFor = async (id: string, token: string, done: (v: Record<string, unknown>) => boolean, sequential: boolean) => {
      for (;;) {
        if (done(await call('getApplication', 'GET', `/v1/applications/${id}`, token, undefined, sequential))) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    const oneCase = async (lane: number, sequential: boolean) => {
      const { token, form } = enterprises[lane]!;
      const c = await call('submitApplication', 'POST', '/v1/applications', token, { matterId: 'facility-install-l3.new', documentIds: [form] }, sequential);
      const id = c.id as string;
      if (sequential) await settle('workflow licensing-intake (+ stream reaction)');
      // A reviewer acts once intake is done (before that, a 409 tells the client to re-read and retry).
      await waitFor(id, token, (v) => v.intakeDone === true, sequential);
      await call('acceptApplication', 'POST', `/v1/applications/${id}/acceptance`, reviewer, { decision: 'accept' }, sequential);
      await call('decideApplication', 'POST', `/v1/applications/${id}/decision`, dm, { outcome: 'grant', reasons: '符合条件' }, sequential);
      if (sequential) await settle('workflow licensing-decision (+ stream reaction)');
      await waitFor(id, token, (v) => Boolean(v.licenseIssued && v.publishedAt), sequential);
    };

    // Capacity per command: a few cases one step at a time, so every unit is attributable.
    await settle('set-up');
    perCommand.clear();
    measuring = true;
    for (let i = 0; i < MEASURED; i++) await oneCase(0, true);
    measuring = false;
    timings.clear();
    p.poller.start();

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        while (next < CASES) {
          next++;
          await oneCase(lane, false);
        }
      }),
    );
    const minutes = (performance.now() - started) / 60_000;
    await p.poller.stop();

    const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
    const lines = [
      machineLine(),
      `${CASES} cases submit → grant → license issued and published, ${LANES} lanes: ${(CASES / minutes).toFixed(0)} cases/minute`,
      '',
      '| API call | calls | p50 ms | p99 ms |',
      '|---|---:|---:|---:|',
      ...['submitApplication', 'acceptApplication', 'decideApplication', 'getApplication'].map((n) => {
        const xs = timings.get(n) ?? [];
        return `| ${n} | ${xs.length} | ${pct(xs, 0.5).toFixed(0)} | ${pct(xs, 0.99).toFixed(0)} |`;
      }),
      '',
      '| command or workflow (per case) | read units | write units |',
      '|---|---:|---:|',
      ...[...perCommand].map(([n, c]) => `| ${n} | ${(c.read / c.n).toFixed(1)} | ${(c.write / c.n).toFixed(1)} |`),
      `| **whole case** | ${([...perCommand.values()].reduce((s, c) => s + c.read, 0) / MEASURED).toFixed(1)} | ${([...perCommand.values()].reduce((s, c) => s + c.write, 0) / MEASURED).toFixed(1)} |`,
      '',
      '| where the write units of a whole case land | write units |',
      '|---|---:|',
      ...[...writesByTarget].map(([t, u]) => `| ${t} | ${(u / MEASURED).toFixed(1)} |`),
      '',
      '| index writes of a whole case as AWS meters them (an entry written only when it appears, moves or goes) | write units |',
      '|---|---:|',
      ...TABLE_SCHEMA.indexes.map((i) => `| ${i.name} | ${((awsIndexUnits.get(i.name) ?? 0) / MEASURED).toFixed(1)} |`),
      '',
      '| table writes of a whole case by item (estimated from item sizes; transactional ×2) | items | write units |',
      '|---|---:|---:|',
      ...[...writesByItem]
        .sort((a, b) => b[1].units - a[1].units)
        .map(([k, b]) => `| ${k} | ${(b.n / MEASURED).toFixed(1)} | ${(b.units / MEASURED).toFixed(1)} |`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });
}

runBench(main);
