import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ensureLocalKeys, LocalIssuer, localDataDir } from '../local/keys';

/**
 * `npm run import -- <register.csv|register.json>` imports a register file into the local
 * platform (PORT, default 4000) as an operator would (docs/register-import.md): it sends the file,
 * follows the import until every row is done, and prints each rejected row with its reasons and
 * then the summary as JSON. The same file again is the same import: nothing changes.
 */
const api = `http://127.0.0.1:${process.env.PORT ?? 4000}`;

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run import -- <register.csv|register.json>');
  const format = extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
  const issuer = await LocalIssuer.fromJwk(ensureLocalKeys(join(localDataDir(), 'keys')).issuer);
  const headers = { authorization: `Bearer ${await issuer.mint({ role: 'admin', sub: 'operator:import' })}`, 'content-type': 'application/json' };
  const started = Date.now();
  const res = await fetch(`${api}/v1/operations/license-imports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ source: basename(file), format, content: readFileSync(file, 'utf8') }),
  });
  const requested = (await res.json()) as { importId?: string; detail?: string };
  if (res.status !== 202) throw new Error(`${res.status}: ${requested.detail ?? JSON.stringify(requested)}`);
  let report: Report;
  for (;;) {
    report = (await (await fetch(`${api}/v1/operations/license-imports/${requested.importId}`, { headers })).json()) as Report;
    if (report.status === 'completed') break;
    if (process.stderr.isTTY) process.stderr.write(`\r${report.processed} of ${report.rows} rows`);
    // Polling an operator's terminal, not a test: the workflow reports progress per batch.
    await new Promise((r) => setTimeout(r, 250));
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const r of report.report.rejected) {
    process.stdout.write(
      `rejected row ${r.row}${format === 'csv' ? ` (line ${r.row + 1})` : ''}${r.formerNo ? ` ${r.formerNo}` : ''}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const { importId, rows, imported, unchanged, rejected } = report;
  process.stdout.write(`${JSON.stringify({ importId, rows, imported, unchanged, rejected, seconds, rowsPerSecond: Math.round(rows / seconds) })}\n`);
}

interface Report {
  importId: string;
  status: string;
  rows: number;
  processed: number;
  imported: number;
  unchanged: number;
  rejected: number;
  report: { rejected: { row: number; formerNo?: string; errors: { path: string; message: string }[] }[] };
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
