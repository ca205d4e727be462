import { shutdownDrill } from '../test/support/shutdown-drill';
import { machineLine, runBench } from './support';

/**
 * `npm run bench:stop`: Ctrl-C under load (test/support/shutdown-drill.ts) — how long `npm start` takes to stop with
 * an acknowledgement workflow retrying, a keep-alive connection open and requests in flight; once with one signal,
 * once with a second signal as soon as it says it is stopping. A stalled upload holds the first for the request grace.
 */
runBench(async () => {
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const once = await shutdownDrill({ log });
  const twice = await shutdownDrill({ second: true, restart: false, log });
  const row = (what: string, r: typeof once) =>
    `| ${what} | ${r.stoppedAfterSeconds.toFixed(1)} s | ${r.exitCode ?? r.signalCode} | ${r.jvmLeftRunning ? 'yes' : 'no'} | ${r === twice ? '—' : `${r.keptAfterRestart.length} of ${r.acknowledged.length}`} |`;
  const lines = [
    machineLine(),
    '',
    '| signal | stopped after | exit | DynamoDB Local left running | acknowledged work orders kept after restart |',
    '|---|---:|---:|---:|---:|',
    row('SIGINT', once),
    row('SIGINT, again once it says it is stopping', twice),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});
