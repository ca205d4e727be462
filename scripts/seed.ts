import { parseArgs } from 'node:util';
import { localEnv } from '../local/emulators';
import { gridCompanies } from '../functions/connections/domain/connection';
import { quarterOf } from '../functions/licensing/domain/oversight';
import { agencyById } from '../functions/platform/regions';
import { periodOf } from './samples/histories';

/**
 * `npm run seed -- --applications N --complaints N --connections N [--agency nea-fujian]
 * [--company sgcc-fj] [--period 2026Q4 | 2026-11 | 2026H1] [--seed 1]` writes realistic histories
 * into the running local platform (`npm start`, PORT default 4000), whose emulators it finds
 * through GET /local/status, and prints a JSON summary of what it wrote. For benchmarks and
 * demonstrations: the reports count what it wrote; no workflow runs for it (docs/operations.md).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      applications: { type: 'string', default: '0' },
      complaints: { type: 'string', default: '0' },
      connections: { type: 'string', default: '0' },
      agency: { type: 'string', default: 'nea-fujian' },
      company: { type: 'string' },
      period: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const count = (name: 'applications' | 'complaints' | 'connections') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) throw new Error(`--${name} takes a whole number from 0 to 10,000,000`);
    return n;
  };
  const agency = agencyById(values.agency);
  if (!agency) throw new Error(`no agency ${values.agency}`);
  const companyId = values.company ?? gridCompanies.find((c) => c.provinces.some((p) => agency.provinces.includes(p)))?.id ?? gridCompanies[0]!.id;
  const port = Number(process.env.PORT ?? 4000);
  const status = await fetch(`http://127.0.0.1:${port}/local/status`).then(
    (r) => r.json() as Promise<{ endpoints?: { dynamodb: string; s3: string; tableName: string } }>,
    () => undefined,
  );
  if (!status?.endpoints) throw new Error(`no local platform answers on port ${port}: start it first (npm start)`);
  Object.assign(process.env, localEnv({ dynamoUrl: status.endpoints.dynamodb, s3Url: status.endpoints.s3 }), { TABLE_NAME: status.endpoints.tableName });
  // The store and the domain read the environment when first used: loaded only now.
  const { seed } = await import('./seeding');
  const now = new Date();
  const summary = await seed({
    applications: count('applications'),
    complaints: count('complaints'),
    connections: count('connections'),
    agencyId: agency.id,
    companyId,
    period: periodOf(values.period ?? quarterOf(now.toISOString())),
    seed: Number(values.seed),
    run: now.getTime().toString(36).toUpperCase().slice(-5),
    until: now,
  });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
