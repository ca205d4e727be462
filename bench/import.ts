import { registerSample } from '../scripts/samples/register';
import { machineLine, runBench, withLocalPlatform } from './support';
import type { LocalPlatform } from '../local/runtime';

/**
 * `npm run bench:import`: register import throughput on the local runtime — the sample's 300 rows
 * and a generated register of 3,000 — from the POST to the import's completion (every row checked,
 * numbered, sealed with two ES256 signatures, written with its former-number claim in one
 * transaction), then the same file again (a no-op).
 */
async function settle(p: LocalPlatform): Promise<void> {
  for (;;) {
    const handled = await p.poller.drain();
    const running = p.stepFunctions.list().filter((e) => e.status === 'RUNNING');
    await Promise.all(running.map((e) => e.done));
    if (!handled && !running.length) return;
  }
}

async function importOnce(p: LocalPlatform, token: string, csv: string) {
  const t = performance.now();
  const res = await fetch(`${p.apiUrl}/v1/operations/license-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'bench.csv', format: 'csv', content: csv }),
  });
  const { importId } = (await res.json()) as { importId: string };
  await settle(p);
  const report = (await (await fetch(`${p.apiUrl}/v1/operations/license-imports/${importId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    status: string;
    rows: number;
    imported: number;
    unchanged: number;
    rejected: number;
  };
  if (report.status !== 'completed') throw new Error(`import ${importId} is ${report.status}`);
  return { ...report, seconds: (performance.now() - t) / 1000 };
}

async function main(): Promise<void> {
  const lines = [
    machineLine(),
    '',
    '| register | rows | imported | unchanged | rejected | seconds | rows/s | same file again |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  await withLocalPlatform('import-bench', async (p) => {
    const token = await p.issuer.mint({ role: 'admin', sub: 'bench' });
    for (const n of [300, 3000]) {
      const { csv } = registerSample(n);
      const first = await importOnce(p, token, csv);
      const again = await importOnce(p, token, csv);
      lines.push(
        `| ${n === 300 ? 'scripts/samples/register.csv' : 'generated'} | ${first.rows} | ${first.imported} | ${first.unchanged} | ${first.rejected} | ${first.seconds.toFixed(1)} | ${(first.rows / first.seconds).toFixed(0)} | ${(again.seconds * 1000).toFixed(0)} ms |`,
      );
    }
  });
  process.stdout.write(lines.join('\n') + '\n');
}

runBench(main);
