import { enterpriseHolder, inScope, outOfScope, type Principal, staffAgency } from '../platform/auth';
import { loadExisting, runCommand } from '../platform/command';
import { eventStore, piiKeys } from '../platform/deps';
import { open, seal } from '../platform/envelope';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseStream } from '../enterprises/domain/enterprise';
import { enterpriseNotFound, loadEnterpriseInScope } from '../enterprises/load-enterprise';
import {
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
import { agencyWarningsKey } from './indexes';

/**
 * The licensee's condition register (S6): its personnel and generating units, kept current by the
 * holder. People's names and certificate numbers are sealed at rest and opened only for the holder
 * and its agency's staff; everyone else with access sees them masked.
 */
async function update(principal: Principal, uscc: string, now: Date, change: { personnel: Person[] } | { units: ConditionRegister['units'] }) {
  const { state: enterprise } = await loadEnterpriseInScope(principal, uscc);
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
  const register = await runCommand(
    {
      stream: registerStream(uscc),
      decide: (current: Snapshot<ConditionRegister> | undefined) => updateRegister(current, uscc, enterprise.agencyId, sealed, now),
      view: (r: ConditionRegister, version: number) => registerView(r, version, true),
    },
    { principal, at: now },
  );
  return { body: register };
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
  return update(principal, params.uscc, now, { personnel: body.personnel });
};

export const putGeneratingUnits: Operation<Routes['putGeneratingUnits']> = async ({ params, body, principal, now }) => {
  return update(principal, params.uscc, now, { units: body.units });
};

export const getPersonnel: Operation<Routes['getPersonnel']> = async ({ params, principal }) => {
  if (principal.role === 'applicant' && principal.enterpriseId !== params.uscc) throw outOfScope(`Enterprise ${params.uscc}`);
  const enterprise = (await loadExisting<Enterprise>(enterpriseStream(params.uscc), () => enterpriseNotFound(params.uscc))).state;
  // Whole for the holder and its agency's staff; administrators and other agencies see the register masked.
  const whole = principal.role !== 'admin' && inScope(principal, enterpriseHolder(enterprise));
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
  // A page of the agency's enterprises with warnings at a time (the cursor goes on), not every one at once.
  const page = await store.list<Warnings>('gsi1', agencyWarningsKey(staffAgency(principal)), { limit: query.limit, cursor: query.cursor });
  return {
    body: {
      items: page.items.flatMap(({ state }) => state.warnings.map((w) => ({ uscc: state.uscc, ...w }))).filter((w) => !query.month || w.month === query.month),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};
