import { assertInScope, enterpriseHolder, staffAgency } from '../platform/auth';
import { runCommand } from '../platform/command';
import type { Operation } from '../platform/http/route';
import type { Snapshot } from '../platform/event-store';
import type { Routes } from '../routes';
import { sealContact } from './contact';
import { type Enterprise, enterpriseStream, enterpriseViewOf } from './domain/enterprise';
import * as enterprise from './domain/enterprise';
import { registrationAuthorityRegion } from './domain/uscc';
import { enterpriseNotFound, loadEnterpriseInScope } from './load-enterprise';

/** POST /v1/enterprises — an applicant registers its own enterprise; a second registration is 409. */
export const registerEnterprise: Operation<Routes['registerEnterprise']> = async ({ body, principal, now }) => {
  assertInScope(principal, enterpriseHolder({ uscc: body.uscc, regionCode: body.regionCode ?? registrationAuthorityRegion(body.uscc) }));
  const contact = body.contact ? await sealContact(body.uscc, body.contact) : undefined;
  const registered = await runCommand(
    {
      stream: enterpriseStream(body.uscc),
      decide: (current: Snapshot<Enterprise> | undefined) => enterprise.registerEnterprise(current, body, contact, principal.sub, now),
      view: enterpriseViewOf,
    },
    { principal, at: now },
  );
  return { body: registered, headers: { location: `/v1/enterprises/${body.uscc}` } };
};

/** PUT /v1/enterprises/{uscc}/contact — who the platform notifies (docs/notifications.md); the answer shows it masked. */
export const changeEnterpriseContact: Operation<Routes['changeEnterpriseContact']> = async ({ params, body, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const contact = await sealContact(params.uscc, body);
  return {
    body: await runCommand(
      {
        stream: enterpriseStream(params.uscc),
        missing: () => enterpriseNotFound(params.uscc),
        holder: enterpriseHolder,
        decide: (e: Enterprise) => enterprise.changeContact(e, contact),
        view: enterpriseViewOf,
      },
      { principal, at: now },
    ),
  };
};

/** POST /v1/enterprises/{uscc}/relocation — the enterprise asks to be supervised in the province it moved to (ADR 0014). */
export const requestRelocation: Operation<Routes['requestRelocation']> = async ({ params, body, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  return {
    body: await runCommand(
      {
        stream: enterpriseStream(params.uscc),
        missing: () => enterpriseNotFound(params.uscc),
        holder: enterpriseHolder,
        decide: (e: Enterprise) => enterprise.requestRelocation(e, body, principal.sub, now),
        view: enterpriseViewOf,
      },
      { principal, at: now },
    ),
  };
};

/**
 * POST /v1/enterprises/{uscc}/relocation/confirmation — a supervisor of the receiving agency confirms the move
 * asked for; the agency the enterprise leaves cannot, nor can any agency move an enterprise that did not ask.
 */
export const confirmRelocation: Operation<Routes['confirmRelocation']> = async ({ params, body, principal, now }) => {
  const agencyId = staffAgency(principal);
  return {
    body: await runCommand(
      {
        stream: enterpriseStream(params.uscc),
        missing: () => enterpriseNotFound(params.uscc),
        decide: (e: Enterprise) => enterprise.confirmRelocation(e, body, { sub: principal.sub, agencyId }),
        view: enterpriseViewOf,
      },
      { principal, at: now },
    ),
  };
};
