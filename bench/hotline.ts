import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventStore } from '../functions/platform/deps';
import { machineLine, runBench, withLocalPlatform } from './support';
import { agencyComplaintsKey } from '../functions/complaints/indexes';

/**
 * `npm run bench:hotline`: signed 12398 deliveries through the local runtime from a second
 * process — N distinct work orders, each delivered twice (a redelivery) — then counts what was
 * stored: every order exactly once, none lost, none duplicated. Prints deliveries/s and p99. Then
 * runs what the deliveries started — `complaint-intake` per order: link the party, acknowledge to
 * the hotline (the local inbox) with a signed webhook — and counts the acknowledgements received.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const SENDER = `
const { Webhook } = require(${JSON.stringify(require.resolve('standardwebhooks'))});
const [url, secret, orders, connections, run] = process.argv.slice(1);
const wh = new Webhook(secret);
const latencies = []; let ok = 0, duplicates = 0, failed = 0, next = 0;
const total = Number(orders) * 2;
async function lane() {
  while (next < total) {
    const i = next++, n = i % Number(orders);
    const body = JSON.stringify({ orderNo: 'B' + run + String(n).padStart(6, '0'), receivedAt: new Date().toISOString(), channel: 'phone', type: 'complaint', businessArea: 'supply-service', regionCode: '350102', facts: '频繁停电', complainant: { name: '张三', contact: '13800000000' } });
    const id = 'msg_' + run + '_' + n, at = new Date();
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign(id, at, body) } });
    await res.text();
    latencies.push(performance.now() - t);
    if (res.status === 202) ok++; else if (res.status === 200) duplicates++; else failed++;
  }
}
const start = performance.now();
Promise.all(Array.from({ length: Number(connections) }, lane)).then(() => {
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, ok, duplicates, failed, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] }));
});`;

async function main(): Promise<void> {
  await withLocalPlatform('hotline-bench', async (p) => {
    const [secret] = (JSON.parse(process.env.HOTLINE_WEBHOOK_SECRETS!) as { secrets: string[] }).secrets;
    const run = Date.now().toString(36).toUpperCase();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', SENDER, `${p.apiUrl}/v1/webhooks/hotline-12398`, secret!, String(ORDERS), String(CONNECTIONS), run],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const r = JSON.parse(stdout) as { seconds: number; ok: number; duplicates: number; failed: number; p50: number; p99: number };
    const stored = (await eventStore().listAll<{ orderNo: string }>('gsi1', agencyComplaintsKey('nea-fujian'))).filter((s) =>
      s.state.orderNo.startsWith(`B${run}`),
    );
    const distinct = new Set(stored.map((s) => s.state.orderNo)).size;
    // The intake workflows the stored orders started: drain the stream, wait for every execution.
    const t0 = performance.now();
    for (let handled = 1; handled;) {
      handled = await p.poller.drain();
      await Promise.all(p.stepFunctions.list().map((e) => e.done));
    }
    const workflowSeconds = (performance.now() - t0) / 1000;
    const executions = p.stepFunctions.list().filter((e) => e.stateMachineArn.endsWith(':complaint-intake'));
    const inbox = ((await (await fetch(`${p.apiUrl}/local/hotline-inbox`)).json()) as { items: { payload: { type: string; data: { orderNo: string } } }[] })
      .items;
    const acks = inbox.filter((m) => m.payload.type === 'work-order.acknowledged' && m.payload.data.orderNo.startsWith(`B${run}`));
    process.stdout.write(
      [
        machineLine(),
        '',
        '| measure | value |',
        '|---|---:|',
        `| signed deliveries (${ORDERS} orders × 2, ${CONNECTIONS} connections) | ${((r.ok + r.duplicates + r.failed) / r.seconds).toFixed(0)} /s |`,
        `| receiver latency | p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms |`,
        `| answers | ${r.ok} stored (202), ${r.duplicates} redeliveries (200), ${r.failed} failed |`,
        `| stored afterwards | ${stored.length} complaints, ${distinct} distinct: lost ${ORDERS - distinct}, duplicated ${stored.length - distinct} |`,
        `| complaint-intake (link + signed acknowledgement), run after the deliveries | ${executions.length} executions, ${executions.filter((e) => e.status === 'SUCCEEDED').length} succeeded in ${workflowSeconds.toFixed(1)} s (${(executions.length / workflowSeconds).toFixed(0)} /s) |`,
        `| acknowledgements the hotline received | ${acks.length} (${new Set(acks.map((a) => a.payload.data.orderNo)).size} distinct orders) |`,
      ].join('\n') + '\n',
    );
  });
}

runBench(main);
