import { appendDecision } from '../../functions/platform/aggregate';
import { eventStore } from '../../functions/platform/deps';
import { licenseNumber, licenseStream } from '../../functions/licensing/domain/license';
import { newUscc, seededLicense } from './fixtures';
import type { Harness } from './local-platform';

/**
 * A "double random" draw made now in Yunnan, where no other test file supervises (its rosters are the licences the
 * browser tests put there): `licences` facility-install licences seeded as the licensing context issues them, two
 * inspectors of the run in the agency's pool, a quarterly plan of the good-credit ratio given, drawn and settled.
 */
export async function yunnanDraw(
  h: Harness,
  o: { run: string; licences: number; ratio: number; holderName: string },
): Promise<{ drawId: string; inspectors: [string, string] }> {
  const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-yunnan', sub: `sup-${o.run}` });
  for (let i = 0; i < o.licences; i++) {
    const serial = 100_000 + ((Number.parseInt(o.run.slice(-4), 36) * 10 + i) % 899_990);
    const l = seededLicense(
      licenseNumber('facility-install', 3, 'YN', 2026, serial),
      { uscc: newUscc('530100'), name: `${o.holderName} ${i}`, regionCode: '530100' },
      'nea-yunnan',
    );
    await appendDecision(
      eventStore(),
      licenseStream(l.licenseNo),
      undefined,
      { events: [{ type: 'LicenseIssued', data: { ...l } }], state: l },
      { actor: 'test-seed', at: new Date() },
    );
  }
  const inspectors: [string, string] = [`insp-${o.run}-a`, `insp-${o.run}-b`];
  for (const id of inspectors) {
    const declared = await h.http('PUT', `/v1/supervision/inspectors/${id}`, { token: supervisor, body: { conflicts: [] } });
    if (declared.status !== 200) throw new Error(`inspector ${id}: ${declared.status}`);
  }
  const planId = `yn-${o.run}`;
  const plan = await h.http('POST', '/v1/supervision/plans', {
    token: supervisor,
    body: {
      planId,
      name: '承装类许可证抽查',
      licenseClasses: ['facility-install'],
      provinces: ['53'],
      ratios: { good: o.ratio },
      schedule: 'quarterly',
      entropyWindowMinutes: 0,
    },
  });
  if (plan.status !== 200) throw new Error(`plan: ${plan.status} ${JSON.stringify(plan.json)}`);
  const started = await h.http('POST', `/v1/supervision/plans/${planId}/draws`, { token: supervisor, body: { period: '2026Q4' } });
  if (started.status !== 202) throw new Error(`draw: ${started.status}`);
  await h.settle();
  return { drawId: `${planId}.2026Q4`, inspectors };
}
