import { execute } from '../platform/aggregate';
import { assertEnterpriseAccess } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseStream, registerEnterprise as decide } from './domain/enterprise';

/** POST /v1/enterprises — an applicant registers its own enterprise; a second registration is 409. */
export const registerEnterprise: Operation<Routes['registerEnterprise']> = async ({ body, principal, now }) => {
  assertEnterpriseAccess(principal, { uscc: body.uscc, regionCode: body.regionCode });
  const result = await execute<Enterprise>(eventStore(), enterpriseStream(body.uscc), (current) => decide(current, body, principal.sub, now), {
    actor: principal.sub,
    at: now,
  });
  return { body: { ...result.state, version: result.version }, headers: { location: `/v1/enterprises/${body.uscc}` } };
};
