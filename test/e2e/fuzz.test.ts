import type { Role } from '../../functions/platform/auth';
import { routes } from '../../functions/routes';
import { fuzzRoutes } from '../support/fuzz';
import { newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * Bad input gets a clear 4xx and nothing else: generated bad paths, queries (each route's own
 * parameters, made-up cursors among them) and bodies for every route (a few per route here; `npm run bench:fuzz` runs hundreds) answer no 5xx, and every
 * 4xx is a problem+json with a code and nothing of the code base in it.
 */
describe('fuzzing every route', () => {
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
    const r = await fuzzRoutes(h.p.apiUrl, tokenFor, Number(process.env.FUZZ_RUNS ?? 8), Number(process.env.FUZZ_SEED ?? 20261201));
    expect(r.routes).toBe(Object.keys(routes).length);
    expect(r.requests).toBeGreaterThanOrEqual(r.routes * 8);
    expect(r.findings).toEqual([]);
    // Most of it is refused at the edge, as it should be.
    expect(
      Object.entries(r.byStatus)
        .filter(([s]) => Number(s) >= 400)
        .reduce((n, [, c]) => n + c, 0),
    ).toBeGreaterThan(r.requests * 0.8);
  });

  it("a made-up cursor is the caller's 400 on every listing that pages, never a 500 (item 12: the dead letters were)", async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const admin = await h.token({ role: 'admin' });
    const made = [
      '%%%',
      'bnVsbA',
      'W10',
      'e30',
      b64(JSON.parse('{"__proto__":{"gsi1pk":"DEAD-LETTERS"}}')),
      b64({ pk: 'X', sk: 'STATE', gsi1pk: 'PUBLIC#DRAWS', gsi1sk: 'x' }),
    ];
    const answers = await Promise.all(
      made.map(async (c) => {
        const r = await h.http('GET', `/v1/operations/dead-letters?cursor=${encodeURIComponent(c)}`, { token: admin });
        return [r.status, (r.json as { code?: string }).code];
      }),
    );
    expect(answers).toEqual(made.map(() => [400, 'REQUEST.BAD_CURSOR']));
    const drawsAnswers = await Promise.all(made.map(async (c) => (await h.http('GET', `/v1/public/draws?cursor=${encodeURIComponent(c)}`)).status));
    expect(drawsAnswers).toEqual(made.map(() => 400));
  });
});
