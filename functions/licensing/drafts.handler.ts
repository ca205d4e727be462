import { documentClient, tableName } from '../platform/aws';
import { outOfScope, type Principal } from '../platform/auth';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { savedDraft } from './domain/draft';
import { matterById } from './domain/guide';
import { DraftStore } from './drafts.dynamodb';

/** Drafts are the enterprise's own: its applicants alone read, save and discard them (no staff, no one else). */
const ownDrafts = (principal: Principal, uscc: string) => {
  if (principal.role !== 'applicant' || principal.enterpriseId !== uscc) throw outOfScope(`Enterprise ${uscc}`);
  return new DraftStore(documentClient(), tableName());
};

/** GET /v1/enterprises/{uscc}/application-drafts */
export const listApplicationDrafts: Operation<Routes['listApplicationDrafts']> = async ({ params, principal, now }) => ({
  body: { items: await ownDrafts(principal, params.uscc).list(params.uscc, now) },
});

/** PUT /v1/enterprises/{uscc}/application-drafts/{matterId} */
export const saveApplicationDraft: Operation<Routes['saveApplicationDraft']> = async ({ params, body, principal, now }) => {
  const drafts = ownDrafts(principal, params.uscc);
  if (!matterById(params.matterId)) throw new DomainError('GUIDE.NO_SUCH_MATTER', `No licensing matter ${params.matterId}; see GET /v1/guide/matters.`);
  return { body: await drafts.save(params.uscc, savedDraft(params.matterId, body, now), now) };
};

/** DELETE /v1/enterprises/{uscc}/application-drafts/{matterId} */
export const discardApplicationDraft: Operation<Routes['discardApplicationDraft']> = async ({ params, principal }) => {
  await ownDrafts(principal, params.uscc).discard(params.uscc, params.matterId);
  return { body: { matterId: params.matterId, discarded: true } };
};
