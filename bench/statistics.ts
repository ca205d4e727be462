import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { complaintStream } from '../functions/complaints/domain/complaint';
import { receive, WorkOrder } from '../functions/complaints/domain/work-order';
import { appendDecisions } from '../functions/platform/aggregate';
import { documentClient, tableName } from '../functions/platform/aws';
import { eachConcurrently } from '../functions/platform/concurrency';
import { calendar } from '../functions/platform/config';
import { eventStore } from '../functions/platform/deps';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:statistics`: the public monthly hotline statistics (P5) at 1k and at BENCH_LARGE
 * (default 20k) work orders in the month. The work orders are written as the webhook writes them
 * (the domain's `receive`, the same store: events, projection, indexes, obligations and the month's
 * tally); then the route's p50 over 50 requests, the read units of one tally read
 * (ReturnConsumedCapacity), the totals against what was written, and req/s at 10 connections.
 */
const LARGE = Number(process.env.BENCH_LARGE ?? 20_000);
const TYPES = ['complaint', 'report', 'consultation'] as const;
const CHANNELS = ['phone', 'wechat', 'app', 'email'] as const;

async function seedMonth(month: string, n: number, run: string): Promise<number> {
  const t = performance.now();
  await eachConcurrently(n, 32, async (i) => {
    const order = WorkOrder.parse({
      orderNo: `S${run}${month.replace('-', '')}${String(i).padStart(7, '0')}`,
      receivedAt: `${month}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+08:00`,
      channel: CHANNELS[i % CHANNELS.length],
      type: TYPES[i % TYPES.length],
      businessArea: 'connection',
      regionCode: ['350102', '510104', '330106'][i % 3],
      facts: '报装后超过十个工作日未接电',
      request: '尽快接电',
      complainant: { anonymous: true },
    });
    const decision = receive(order, `msg_${run}_${i}`, undefined, [], new Date(`${month}-28T12:00:00+08:00`), calendar);
    await appendDecisions(eventStore(), [{ stream: complaintStream(order.orderNo), current: undefined, decision }], { actor: 'bench', at: new Date() });
  });
  return n / ((performance.now() - t) / 1000);
}

async function readUnits(month: string): Promise<number> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `TALLY#HOTLINE#${month}` },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return out.ConsumedCapacity?.CapacityUnits ?? Number.NaN;
}

async function main(): Promise<void> {
  const run = Date.now().toString(36).toUpperCase();
  const rows: string[] = [];
  await withLocalPlatform('statistics-bench', async (p) => {
    const url = (month: string) => `${p.apiUrl}/v1/public/hotline-statistics?month=${month}`;
    for (const [month, n] of [
      ['2025-01', 1000],
      ['2025-02', LARGE],
    ] as const) {
      const seeded = await seedMonth(month, n, run);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        total = ((await (await fetch(url(month))).json()) as { total: number }).total;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const args = [join(__dirname, '../node_modules/autocannon/autocannon.js'), '-j', '-c', '10', '-d', '5', url(month)];
      const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
      const load = JSON.parse(stdout) as { requests: { average: number }; non2xx: number };
      rows.push(
        `| ${n.toLocaleString('en')} | ${seeded.toFixed(0)} /s | ${total === n ? `${total} ✓` : `${total} ✗ (wrote ${n})`} | ${times[25]!.toFixed(1)} ms | ${await readUnits(month)} | ${load.requests.average.toFixed(0)} (${load.non2xx} non-2xx) |`,
      );
    }
  });
  process.stdout.write(
    [
      machineLine(),
      '',
      '| work orders in the month | written (domain + store) | route total | p50 | read units per request | req/s at 10 connections |',
      '|---:|---:|---|---:|---:|---:|',
      ...rows,
    ].join('\n') + '\n',
  );
}

runBench(main);
