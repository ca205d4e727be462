import { assertInScope, enterpriseHolder } from '../platform/auth';
import { runCommand } from '../platform/command';
import type { Operation } from '../platform/http/route';
import type { EventsOf } from '../events';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseStream, registerEnterprise as decide } from './domain/enterprise';

/** POST /v1/enterprises — an applicant registers its own enterprise; a second registration is 409. */
export const registerEnterprise: Operation<Routes['registerEnterprise']> = async ({ body, principal, now }) => {
  assertInScope(principal, enterpriseHolder(body));
  const enterprise = await runCommand<Enterprise, EventsOf<'enterprise'>>(
    { stream: enterpriseStream(body.uscc), decide: (current) => decide(current, body, principal.sub, now) },
    { principal, at: now },
  );
  return { body: enterprise, headers: { location: `/v1/enterprises/${body.uscc}` } };
};
