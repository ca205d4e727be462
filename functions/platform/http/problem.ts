import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ZodError } from 'zod';
import { ZH } from '../../error-codes.zh';
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
  'too-many': 429,
  unavailable: 503,
} as const satisfies Record<ErrorKind, number>;

/** The languages problems are told in: Chinese by default, English on request (Accept-Language). */
export type Language = 'zh' | 'en';

const TITLE: Record<Language, Record<number, string>> = {
  en: {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  },
  zh: {
    400: '请求无效',
    401: '未认证',
    403: '无权访问',
    404: '未找到',
    405: '不支持该方法',
    409: '状态冲突',
    413: '请求过大',
    415: '不支持的媒体类型',
    422: '无法处理',
    429: '请求过于频繁',
    500: '服务器内部错误',
    503: '服务暂不可用',
  },
};

/**
 * The language of an Accept-Language header (RFC 9110 §12.5.4): the one of zh and en with the
 * higher weight, Chinese when neither is asked for or they tie.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  let best: { lang: Language; q: number } = { lang: 'zh', q: 0 };
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean) ?? 1);
    const lang = tag === 'zh' || tag?.startsWith('zh-') ? 'zh' : tag === 'en' || tag?.startsWith('en-') ? 'en' : undefined;
    if (lang && q > best.q) best = { lang, q };
  }
  return best.lang;
}

export const PROBLEM_BASE = 'https://powerpermit.gov.cn/problems/';

export const statusOf = (kind: ErrorKind): number => STATUS[kind];

export function problemOf(error: unknown, instance?: string, language: Language = 'zh'): Problem {
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    return {
      type: PROBLEM_BASE + error.code.toLowerCase().replace(/[._]/g, '-'),
      title: TITLE[language][status] ?? 'Error',
      status,
      detail: language === 'zh' ? ZH[error.code] : error.message,
      code: error.code,
      ...(instance ? { instance } : {}),
      ...error.details,
    };
  }
  // Unknown errors: logged by the caller, never described to the client.
  return {
    type: PROBLEM_BASE + 'internal',
    title: TITLE[language][500]!,
    status: 500,
    detail:
      language === 'zh'
        ? '发生意外错误，已记录；报告时请提供请求编号（instance）。'
        : 'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
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

export function problemResponse(problem: Problem, headers: Record<string, string> = {}, language: Language = 'zh'): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'content-language': language === 'zh' ? 'zh-CN' : 'en', vary: 'Accept-Language', ...headers },
    body: JSON.stringify(problem),
  };
}
