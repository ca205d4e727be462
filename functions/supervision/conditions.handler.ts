import { appendDecision } from '../platform/aggregate';
import { outOfScope } from '../platform/auth';
import { eventStore, piiKeys } from '../platform/deps';
import { open, seal } from '../platform/envelope';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseStream } from '../enterprises/domain/enterprise';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import {
  agencyWarningsKey,
  type ConditionRegister,
  type Identity,
  identitiesContext,
  maskPerson,
  type Person,
  registerStream,
  updateRegister,
  type Warnings,
  warningsStream,
  withIdentities,
} from './domain/screening';

/**
 * The licensee's condition register (S6): its personnel and generating units, kept current by the
 * holder. People's names and certificate numbers are sealed at rest and opened only for the holder
 * and its agency's staff; everyone else with access sees them masked.
 */
async function update(uscc: string, sub: string, now: Date, change: { personnel: Person[] } | { units: ConditionRegister['units'] }) {
  const store = eventStore();
  const enterprise = (await store.load<Enterprise>(enterpriseStream(uscc)))?.state;
  if (!enterprise) throw new DomainError('ENTERPRISE.NOT_FOUND', `Enterprise ${uscc} is not registered.`);
  const current = await store.load<ConditionRegister>(registerStream(uscc));
  const sealed =
    'personnel' in change
      ? {
          personnel: change.personnel,
          identities: await seal(
            piiKeys(),
            JSON.stringify(change.personnel.map(({ name, certificateNo }) => ({ name, certificateNo }))),
            identitiesContext(uscc),
          ),
        }
      : change;
  const { state, version } = await appendDecision(store, registerStream(uscc), current, updateRegister(current, uscc, enterprise.agencyId, sealed, now), {
    actor: sub,
    at: now,
  });
  return { body: await registerView(state, version, true) };
}

/** The register as a reader may see it: whole (the sealed identities opened) or masked. */
async function registerView(r: Omit<ConditionRegister, 'updatedAt'> & { updatedAt: string | null }, version: number, whole: boolean) {
  const { identities, ...rest } = r;
  const personnel =
    whole && identities
      ? withIdentities(r.personnel, JSON.parse(await open(piiKeys(), identities, identitiesContext(r.uscc))) as Identity[])
      : r.personnel.map(maskPerson);
  return { ...rest, version, personnel, masked: !whole };
}

export const putPersonnel: Operation<Routes['putPersonnel']> = async ({ params, body, principal, now }) => {
  if (principal.enterpriseId !== params.uscc) throw outOfScope();
  return update(params.uscc, principal.sub, now, { personnel: body.personnel });
};

export const putGeneratingUnits: Operation<Routes['putGeneratingUnits']> = async ({ params, body, principal, now }) => {
  if (principal.enterpriseId !== params.uscc) throw outOfScope();
  return update(params.uscc, principal.sub, now, { units: body.units });
};

export const getPersonnel: Operation<Routes['getPersonnel']> = async ({ params, principal }) => {
  if (principal.role === 'applicant' && principal.enterpriseId !== params.uscc) throw outOfScope();
  const enterprise = (await eventStore().load<Enterprise>(enterpriseStream(params.uscc)))?.state;
  if (!enterprise) throw new DomainError('ENTERPRISE.NOT_FOUND', `Enterprise ${params.uscc} is not registered.`);
  const whole = principal.role === 'applicant' || ('agencyId' in principal && principal.agencyId === enterprise.agencyId);
  const stored = await eventStore().load<ConditionRegister>(registerStream(params.uscc));
  const r = stored?.state ?? { uscc: params.uscc, agencyId: enterprise.agencyId, personnel: [], units: [], updatedAt: null };
  return { body: await registerView(r, stored?.version ?? 0, whole) };
};

/** GET /v1/supervision/warnings — the agency's (supervisors), or an enterprise's own (its holder, or staff with ?uscc=). */
export const listWarnings: Operation<Routes['listWarnings']> = async ({ query, principal }) => {
  const store = eventStore();
  if (principal.role === 'applicant' || query.uscc) {
    const uscc = query.uscc ?? (principal.role === 'applicant' ? principal.enterpriseId : '');
    await loadEnterpriseInScope(principal, uscc);
    return {
      body: {
        items: ((await store.load<Warnings>(warningsStream(uscc)))?.state.warnings ?? [])
          .filter((w) => !query.month || w.month === query.month)
          .map((w) => ({ uscc, ...w })),
      },
    };
  }
  if (!('agencyId' in principal)) throw outOfScope();
  const all = await store.listAll<Warnings>('gsi1', agencyWarningsKey(principal.agencyId));
  return {
    body: { items: all.flatMap(({ state }) => state.warnings.map((w) => ({ uscc: state.uscc, ...w }))).filter((w) => !query.month || w.month === query.month) },
  };
};
