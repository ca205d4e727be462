import { assertInScope, enterpriseHolder } from '../platform/auth';
import { runCommand } from '../platform/command';
import type { Operation } from '../platform/http/route';
import type { Snapshot } from '../platform/event-store';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseStream } from './domain/enterprise';
import * as enterprise from './domain/enterprise';

/** POST /v1/enterprises — an applicant registers its own enterprise; a second registration is 409. */
export const registerEnterprise: Operation<Routes['registerEnterprise']> = async ({ body, principal, now }) => {
  assertInScope(principal, enterpriseHolder(body));
  const registered = await runCommand(
    {
      stream: enterpriseStream(body.uscc),
      decide: (current: Snapshot<Enterprise> | undefined) => enterprise.registerEnterprise(current, body, principal.sub, now),
    },
    { principal, at: now },
  );
  return { body: registered, headers: { location: `/v1/enterprises/${body.uscc}` } };
};
