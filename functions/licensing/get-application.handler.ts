import { streamAudit } from '../platform/audit';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { applicationStream } from './domain/application';
import { loadCase, viewOf } from './case-command';

/** GET /v1/applications/{id} — the case as the applicant sees it at any time (L6). */
export const getApplication: Operation<Routes['getApplication']> = async ({ params, principal }) => {
  const { state, version } = await loadCase(principal, params.id);
  return { body: await viewOf(state, version) };
};

/** GET /v1/applications/{id}/audit — the case's events and whether their hash chain holds (X1). */
export const verifyApplicationAudit: Operation<Routes['verifyApplicationAudit']> = async ({ params, principal }) => {
  await loadCase(principal, params.id);
  return { body: await streamAudit(applicationStream(params.id)) };
};
