import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeys, LocalIssuer, localDataDir } from '../local/keys';

/**
 * `npm run rebuild-tallies -- --hotline-month 2026-11 [--hotline-month …]` has the local platform
 * (PORT, default 4000) recompute a report's counters from the projections and replace the counters
 * the appends kept (POST /v1/operations/hotline-statistics/{month}/rebuild, role admin; the same
 * route in AWS). It prints, per month, how many work orders were counted and whether the kept
 * counters differed. For after a tally's definition changed: docs/operations.md.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'hotline-month': { type: 'string', multiple: true } } });
  const months = values['hotline-month'] ?? [];
  if (!months.length) throw new Error('usage: npm run rebuild-tallies -- --hotline-month YYYY-MM [...]');
  const issuer = await LocalIssuer.fromJwk(ensureLocalKeys(join(localDataDir(), 'keys')).issuer);
  const token = await issuer.mint({ role: 'admin', sub: 'operator:rebuild-tallies' });
  for (const month of months) {
    const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 4000}/v1/operations/hotline-statistics/${month}/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${month}: ${res.status} ${String(body.detail ?? '')}`);
    const { statistics: _, ...summary } = body;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
