import { ERROR_CODES, type ErrorCode } from '../error-codes';

/**
 * Domain errors carry a stable code (e.g. `APPLICATION.SECOND_CORRECTION_NOTICE`) and a kind.
 * The kind alone decides the HTTP status (see http/problem.ts), so domain code never speaks HTTP.
 */
export type ErrorKind =
  | 'invalid' // 400: the request is malformed or fails validation
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409: state or concurrency conflict, retry after re-reading
  | 'too-large' // 413
  | 'unsupported-media' // 415
  | 'unprocessable' // 422: well-formed, but the rules say no
  | 'too-many' // 429: this client has used its allowance
  | 'unavailable'; // 503: a dependency is down; safe to retry

export interface FieldError {
  /** JSON path of the offending field, e.g. `$.body.legalRepresentative.name`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  /** What the catalogue says of the code: it alone decides the HTTP status. */
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; allowed?: readonly string[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = ERROR_CODES[code].kind;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Optimistic-concurrency loss: someone else appended to the stream since we read it. */
export const versionConflict = (stream: string): DomainError =>
  new DomainError('CONCURRENCY.VERSION_CONFLICT', `${stream} changed while this request was processed; re-read and retry`);

/**
 * What failed, as codes only — the error's name and its system code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT …), never its
 * message, which a provider may fill with the address or number it could not reach. For what workflows and records keep.
 */
export function failureCode(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown';
  const code = (x: unknown) => (x && typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string' ? (x as { code: string }).code : undefined);
  const system = code(e) ?? code(e.cause);
  return system && /^[A-Z0-9_]{2,40}$/.test(system) ? `${e.name} ${system}` : e.name;
}
