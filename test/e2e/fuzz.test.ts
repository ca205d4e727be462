import type { Role } from '../../functions/platform/auth';
import { fuzzWriteRoutes } from '../support/fuzz';
import { newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Bad input gets a clear 4xx and nothing else: generated bad paths, queries and bodies for every
 * write route (a few per route here; `npm run bench:fuzz` runs hundreds) answer no 5xx, and every
 * 4xx is a problem+json with a code and nothing of the code base in it.
 */
describe('fuzzing every write route', () => {
  let h: Harness;
  useHarness((started) => (h = started));

  it('0 answers 5xx; every 4xx a problem+json with a code, no stack trace or path', async () => {
    const uscc = newUscc('350100');
    await h.registerEnterprise(uscc);
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
    const tokens = new Map<Role, string>();
    const tokenFor = async (role: Role) => tokens.get(role) ?? tokens.set(role, await h.token({ role, ...claims[role] })).get(role)!;
    const r = await fuzzWriteRoutes(h.p.apiUrl, tokenFor, Number(process.env.FUZZ_RUNS ?? 8), Number(process.env.FUZZ_SEED ?? 20261201));
    expect(r.requests).toBeGreaterThan(300);
    expect(r.findings).toEqual([]);
    // Most of it is refused at the edge, as it should be.
    expect(
      Object.entries(r.byStatus)
        .filter(([s]) => Number(s) >= 400)
        .reduce((n, [, c]) => n + c, 0),
    ).toBeGreaterThan(r.requests * 0.8);
  });
});
