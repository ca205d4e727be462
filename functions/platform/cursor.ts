import { DomainError } from './errors';

/**
 * A listing's cursor: the opaque token of where its previous page ended. Every listing decodes its own
 * with `decodeCursor` and a check of what it may be, so a cursor made up, mangled or of another
 * listing is the caller's 400 (REQUEST.BAD_CURSOR), never a query the store refuses (a 500).
 */
export const encodeCursor = (position: unknown): string => Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor<T>(cursor: string, accept: (position: unknown) => T | undefined): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const accepted = position === undefined ? undefined : accept(position);
  if (accepted === undefined) throw new DomainError('REQUEST.BAD_CURSOR', 'The cursor is not one this API returned for this listing.');
  return accepted;
}

/**
 * A DynamoDB index page's last key as a cursor accepts it: exactly the table's and the index's key attributes, all
 * strings, its partition the listing's own (another shape is DynamoDB's validation error, a 500, not the caller's 400).
 */
export const indexKeyOf =
  (index: string, partition: string) =>
  (position: unknown): Record<string, string> | undefined => {
    if (typeof position !== 'object' || position === null || Array.isArray(position)) return undefined;
    const key = position as Record<string, unknown>;
    const names = ['pk', 'sk', `${index}pk`, `${index}sk`];
    const exact = Object.keys(key).length === names.length && names.every((n) => typeof key[n] === 'string');
    return exact && key[`${index}pk`] === partition ? (key as Record<string, string>) : undefined;
  };
