import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ZodError } from 'zod';
import { DomainError, type ErrorKind, type FieldError } from '../errors';

/** RFC 9457 problem details, the one error shape of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media': 415,
  unprocessable: 422,
  unavailable: 503,
} as const satisfies Record<ErrorKind, number>;

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_BASE = 'https://powerpermit.gov.cn/problems/';

export const statusOf = (kind: ErrorKind): number => STATUS[kind];

export function problemOf(error: unknown, instance?: string): Problem {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    return {
      type: PROBLEM_BASE + error.code.toLowerCase().replace(/[._]/g, '-'),
      title: TITLE[status] ?? 'Error',
      status,
      detail: error.message,
      code: error.code,
      ...(instance ? { instance } : {}),
      ...error.details,
    };
  }
  // Unknown errors: logged by the caller, never described to the client.
  return {
    type: PROBLEM_BASE + 'internal',
    title: TITLE[500]!,
    status: 500,
    detail: 'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
    code: 'INTERNAL',
    ...(instance ? { instance } : {}),
  };
}

/** Turns a zod error into field errors with JSON paths rooted at the request part that failed. */
export function fieldErrors(error: ZodError, root: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/\.\[/g, '['),
    message: issue.message,
  }));
}

export const validationError = (error: ZodError, root: string): DomainError =>
  new DomainError('REQUEST.INVALID', 'The request has invalid fields; see errors.', { errors: fieldErrors(error, root) });

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}
