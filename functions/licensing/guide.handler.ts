import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { matterById, matters } from './domain/guide';

/** Public guide data changes only with a deploy of config/: let caches keep it for five minutes. */
const CACHE = { 'cache-control': 'public, max-age=300' };

/** GET /v1/guide/matters (L3) */
export const listMatters: Operation<Routes['listMatters']> = async ({ query }) => ({
  body: { items: matters.filter((m) => (!query.licenseClass || m.licenseClass === query.licenseClass) && (!query.kind || m.kind === query.kind)) },
  headers: CACHE,
});

/** GET /v1/guide/matters/{matterId} (L3) */
export const getMatter: Operation<Routes['getMatter']> = async ({ params }) => {
  const matter = matterById(params.matterId);
  if (!matter) throw new DomainError('GUIDE.NO_SUCH_MATTER', `No licensing matter ${params.matterId}; see GET /v1/guide/matters.`);
  return { body: matter, headers: CACHE };
};
