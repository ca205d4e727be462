import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { matterById, matters } from './domain/guide';

/**
 * The guide is configuration (a deploy changes it), so each listing — there are at most
 * (classes + 1) × (kinds + 1) — is serialised once per container, not per request (~128 KB whole).
 */
const listings = new Map<string, string>();
const listing = (licenseClass: string | undefined, kind: string | undefined): string => {
  const key = `${licenseClass ?? ''}|${kind ?? ''}`;
  let json = listings.get(key);
  if (json === undefined) {
    json = JSON.stringify({ items: matters.filter((m) => (!licenseClass || m.licenseClass === licenseClass) && (!kind || m.kind === kind)) });
    // Unknown classes give an empty list: not worth keeping.
    if (json.length > 12) listings.set(key, json);
  }
  return json;
};

/** GET /v1/guide/matters (L3) */
export const listMatters: Operation<Routes['listMatters']> = async ({ query }) => ({
  raw: listing(query.licenseClass, query.kind),
  headers: { 'content-type': 'application/json' },
});

/** GET /v1/guide/matters/{matterId} (L3) */
export const getMatter: Operation<Routes['getMatter']> = async ({ params }) => {
  const matter = matterById(params.matterId);
  if (!matter) throw new DomainError('GUIDE.NO_SUCH_MATTER', `No licensing matter ${params.matterId}; see GET /v1/guide/matters.`);
  return { body: matter };
};
