import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from './env';

/**
 * Structured JSON logs, one line per record. Personal data never reaches a log line:
 * keys that name personal data are masked whole, and strings are scrubbed of Chinese
 * resident ID numbers, mobile numbers and e-mail addresses wherever they appear.
 */
const PERSONAL_KEYS =
  /^(idnumber|idno|phone|mobile|telephone|contact|email|address|complainant|legalrepresentative|password|authorization|token|secret|privatekey)$/i;
const RESIDENT_ID = /\b\d{17}[\dXx]\b/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

export function maskString(s: string): string {
  return s
    .replace(RESIDENT_ID, (m) => `${m.slice(0, 3)}***********${m.slice(-4)}`)
    .replace(MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`)
    .replace(EMAIL, '***@***');
}

export function mask(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return maskString(value);
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskString(value.message), stack: value.stack ? maskString(value.stack) : undefined };
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, PERSONAL_KEYS.test(k) ? '***' : mask(v, depth + 1)]));
  }
  return value;
}

/**
 * Fields every line written during one invocation carries — the request id, the execution name,
 * the aggregate — set once where the invocation starts (the API chain, the task runtime, the stream
 * handler) instead of threaded through every call.
 */
const invocation = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();
export const logContext = (): Readonly<Record<string, unknown>> => invocation.getStore() ?? {};
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return invocation.run({ ...logContext(), ...fields }, fn);
}
/** The request that set off this invocation: the API request itself, or the one a workflow or reaction traces back to. */
export const originatingRequestId = (): string | undefined => {
  const id = logContext().requestId;
  return typeof id === 'string' ? id : undefined;
};

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: Infinity };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Without an explicit level, LOG_LEVEL is read as each line is written (a running local platform can be made verbose). */
export function createLogger(
  base: Record<string, unknown> = {},
  sink: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  level?: Level | 'silent',
): Logger {
  const emit = (at: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < (ORDER[level ?? (env('LOG_LEVEL') as Level | undefined) ?? 'info'] ?? ORDER.info)) return;
    sink(JSON.stringify({ level: at, time: new Date().toISOString(), msg: maskString(msg), ...(mask({ ...base, ...logContext(), ...fields }) as object) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, sink, level),
  };
}

export const logger = createLogger({ service: 'powerpermit' });
