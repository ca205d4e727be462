import type { Role } from '../functions/platform/auth';
import { fuzzRoutes } from '../test/support/fuzz';
import { newUscc } from '../test/support/fixtures';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:fuzz`: test/e2e/fuzz.test.ts at scale — BENCH_FUZZ_RUNS (default 250) generated bad
 * requests per write route against a fresh local platform. Prints the answers by status and every
 * finding (a 5xx, a 4xx that is not a problem with a code, a problem showing internals).
 */
const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 250);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? Date.now());

runBench(async () => {
  await withLocalPlatform('pp-fuzz', async (p) => {
    const uscc = newUscc('350100');
    const applicant = await p.issuer.mint({ role: 'applicant', enterpriseId: uscc });
    await fetch(`${p.apiUrl}/v1/enterprises`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc, name: '模糊测试电力工程有限公司', regionCode: '350100', legalRepresentative: { name: '测试' } }),
    });
    const claims: Record<Role, Record<string, string>> = {
      applicant: { enterpriseId: uscc },
      reviewer: { agencyId: 'nea-fujian' },
      'decision-maker': { agencyId: 'nea-fujian' },
      supervisor: { agencyId: 'nea-fujian' },
      inspector: { agencyId: 'nea-fujian' },
      grid: { companyId: 'sgcc-fj' },
      partner: { departmentId: 'samr' },
      admin: {},
    };
    const started = Date.now();
    const r = await fuzzRoutes(p.apiUrl, (role) => p.issuer.mint({ role, ...claims[role] }), RUNS, SEED);
    const lines = [
      `${machineLine()}; ${RUNS} requests per write route, seed ${SEED}`,
      '',
      `${r.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s; findings: ${r.findings.length}`,
      '',
      '| status | answers |',
      '|---:|---:|',
      ...Object.entries(r.byStatus).map(([s, n]) => `| ${s} | ${n} |`),
      ...(r.findings.length
        ? [
            '',
            ...r.findings
              .slice(0, 50)
              .map((f) => `- ${f.route} ${f.request.method} ${f.request.path.slice(0, 120)} → ${f.status}: ${f.why} ${f.answer.slice(0, 200)}`),
          ]
        : []),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });
});
