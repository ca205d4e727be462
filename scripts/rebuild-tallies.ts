import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeys, LocalIssuer, localDataDir } from '../local/keys';

/**
 * `npm run rebuild-tallies -- --hotline-month 2026-11 --oversight nea-fujian:2026Q4` has the local
 * platform (PORT, default 4000) recompute reports' counters from the projections and replace the
 * counters the appends kept (POST /v1/operations/tallies/rebuild, role admin; the same route in AWS). It
 * prints, per report, whether the kept counters differed. For after a tally's definition changed:
 * docs/operations.md.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'hotline-month': { type: 'string', multiple: true }, oversight: { type: 'string', multiple: true }, key: { type: 'string', multiple: true } },
  });
  const keys = [
    ...(values['hotline-month'] ?? []).map((m) => `HOTLINE#${m}`),
    ...(values.oversight ?? []).map((o) => `OVERSIGHT#${o.replace(':', '#')}`),
    ...(values.key ?? []),
  ];
  if (!keys.length)
    throw new Error(
      'usage: npm run rebuild-tallies -- [--hotline-month YYYY-MM …] [--oversight <agencyId>:<YYYYQn> …] [--key SUPERVISION#<agencyId> | CONNECTIONS#<company>#<YYYYHn> | REGISTER#<list>:<value> …]',
    );
  const issuer = await LocalIssuer.fromJwk(ensureLocalKeys(join(localDataDir(), 'keys')).issuer);
  const token = await issuer.mint({ role: 'admin', sub: 'operator:rebuild-tallies' });
  for (const key of keys) {
    const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 4000}/v1/operations/tallies/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${key}: ${res.status} ${String(body.detail ?? '')}`);
    const { counts: _, ...summary } = body;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
