import { assertInScope, enterpriseHolder } from '../platform/auth';
import { runCommand } from '../platform/command';
import type { Operation } from '../platform/http/route';
import type { Snapshot } from '../platform/event-store';
import type { Routes } from '../routes';
import { sealContact } from './contact';
import { type Enterprise, enterpriseStream, enterpriseViewOf } from './domain/enterprise';
import * as enterprise from './domain/enterprise';
import { enterpriseNotFound, loadEnterpriseInScope } from './load-enterprise';

/** POST /v1/enterprises — an applicant registers its own enterprise; a second registration is 409. */
export const registerEnterprise: Operation<Routes['registerEnterprise']> = async ({ body, principal, now }) => {
  assertInScope(principal, enterpriseHolder(body));
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
