import { FACILITY_INSTALL_L3_MATERIALS, newUscc } from './fixtures';
import type { Harness } from './local-platform';

// A renewal also asks for the compliance statement.
const REQUIRED = [...FACILITY_INSTALL_L3_MATERIALS, 'compliance-statement'];

export type GrantedBy = Awaited<ReturnType<typeof grantingActors>>;

/**
 * The Fujian office's reviewer and decision-maker, and how a licence comes to be through them: a new enterprise
 * with every material in its vault (`holder`), and an application accepted and granted (`grant`, the licence number).
 */
export async function grantingActors(h: Harness) {
  const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-fujian' });
  const decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-fujian' });
  async function grant(token: string, matterId: string, documentIds: string[], licenseNo?: string): Promise<string> {
    const sub = await h.http('POST', '/v1/applications', { token, body: { matterId, documentIds, ...(licenseNo ? { licenseNo } : {}) } });
    const id = sub.json!.id as string;
    await h.settle();
    await h.http('POST', `/v1/applications/${id}/acceptance`, { token: reviewer, body: { decision: 'accept' } });
    await h.http('POST', `/v1/applications/${id}/decision`, { token: decisionMaker, body: { outcome: 'grant', reasons: '符合条件' } });
    await h.settle();
    return ((await h.http('GET', `/v1/applications/${id}`, { token })).json!.licenseIssued as { licenseNo: string }).licenseNo;
  }
  async function holder() {
    const uscc = newUscc();
    const token = await h.registerEnterprise(uscc);
    const docs: Record<string, string> = {};
    for (const m of REQUIRED) docs[m] = await h.uploadDocument(uscc, token, m, { validUntil: '2030-12-31' });
    return { uscc, token, docs };
  }
  return { reviewer, decisionMaker, grant, holder };
}
