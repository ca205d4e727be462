import { crashDrill } from '../test/support/crash-drill';
import { machineLine, runBench } from './support';

/**
 * `npm run bench:crash`: the crash drill of test/e2e/crash.test.ts, larger — the whole local
 * platform SIGKILLed mid-load (BENCH_APPLICATIONS applications and BENCH_ORDERS signed 12398 work
 * orders from 8 clients, killed after half of them were acknowledged), restarted on the same
 * data; then: what was lost, what never finished, what happened twice, and how long it took.
 */
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 150);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 150);

runBench(async () => {
  const started = Date.now();
  const r = await crashDrill({
    applications: APPLICATIONS,
    workOrders: ORDERS,
    killAfter: Math.floor((APPLICATIONS + ORDERS) / 2),
    clients: 8,
    settleWithinMs: 120_000,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const lines = [
    `${machineLine()}; ${APPLICATIONS} applications + ${ORDERS} work orders offered, 8 clients, SIGKILL after ${r.killedAt} acknowledged writes`,
    '',
    '| acknowledged applications | acknowledged work orders | lost | workflows unfinished 2 min after restart | duplicated intakes | duplicated acknowledgements | all done after restart |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.acknowledged.applications} | ${r.acknowledged.workOrders} | ${r.lost.applications.length + r.lost.workOrders.length} | ${r.unfinished.intakes.length + r.unfinished.acknowledgements.length} (open obligations not succeeded: ${r.unfinished.obligations}) | ${r.duplicated.intakes.length} | ${r.duplicated.acknowledgements.length} | ${r.settledAfterSeconds === undefined ? 'not within 120 s' : `${r.settledAfterSeconds.toFixed(1)} s`} |`,
    '',
    `Whole drill ${((Date.now() - started) / 1000).toFixed(0)} s; platform log ${r.logFile}.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
});
