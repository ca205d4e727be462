import * as z from 'zod';

/**
 * The largest JSON body a schema accepts, in bytes, worked out from its JSON Schema: strings at
 * their maximum length in CJK characters (3 bytes each in UTF-8) unless their pattern allows ASCII
 * only, arrays at their maximum length, every optional property present. A schema that accepts
 * unbounded input (a string without a maximum, an array without maxItems, free-form objects) has
 * no largest body: the answer names where.
 */
export type BodySize = { bytes: number } | { unbounded: string[] };

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  maxLength?: number;
  pattern?: string;
  format?: string;
  maxItems?: number;
  items?: Schema;
  prefixItems?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  maxProperties?: number;
  default?: unknown;
};

const FORMAT_BYTES: Record<string, number> = { 'date-time': 40, date: 10, email: 320, uri: 2048, uuid: 36 };

export function largestBody(schema: z.ZodType): BodySize {
  const unbounded: string[] = [];
  const bytes = walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema, '$', unbounded);
  return unbounded.length ? { unbounded } : { bytes };
}

function walk(s: Schema, path: string, unbounded: string[]): number {
  if (s.const !== undefined) return utf8(JSON.stringify(s.const));
  if (s.enum) return Math.max(...s.enum.map((v) => utf8(JSON.stringify(v))));
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives) return Math.max(...alternatives.map((a, i) => walk(a, `${path}<${i}>`, unbounded)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return 2 + stringBytes(s, path, unbounded);
    case 'number':
    case 'integer':
      return 24;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array': {
      if (s.prefixItems) return 2 + s.prefixItems.reduce((n, item, i) => n + 1 + walk(item, `${path}[${i}]`, unbounded), 0);
      if (s.maxItems === undefined || !s.items) {
        unbounded.push(`${path}: an array without maxItems`);
        return 0;
      }
      return 2 + s.maxItems * (1 + walk(s.items, `${path}[]`, unbounded));
    }
    case 'object': {
      let n = 2;
      for (const [key, value] of Object.entries(s.properties ?? {})) n += utf8(JSON.stringify(key)) + 2 + walk(value, `${path}.${key}`, unbounded);
      const extra = s.additionalProperties;
      // A record keyed by an enum (z.partialRecord(Enum, …)) has at most one property per member.
      if (extra && typeof extra === 'object' && s.propertyNames?.enum) {
        for (const key of s.propertyNames.enum) n += utf8(JSON.stringify(key)) + 2 + walk(extra, `${path}.${String(key)}`, unbounded);
      } else if (extra !== undefined && extra !== false) unbounded.push(`${path}: an object that takes any further property`);
      return n;
    }
    default:
      unbounded.push(`${path}: a value of any type`);
      return 0;
  }
}

function stringBytes(s: Schema, path: string, unbounded: string[]): number {
  const ascii = s.pattern !== undefined && isAsciiOnly(s.pattern);
  if (s.maxLength !== undefined) return s.maxLength * (ascii ? 1 : 3);
  if (s.format && FORMAT_BYTES[s.format]) return FORMAT_BYTES[s.format]!;
  const fromPattern = s.pattern === undefined ? undefined : patternMaxBytes(s.pattern);
  if (fromPattern !== undefined) return fromPattern;
  unbounded.push(`${path}: a string without maxLength`);
  return 0;
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
const NON_ASCII = /[^\u0020-\u007e]/;

/** Whether every character a pattern can match is ASCII: no `.`, no negated class, no non-ASCII literal. */
function isAsciiOnly(pattern: string): boolean {
  return !NON_ASCII.test(pattern) && !/(^|[^\\])\./.test(pattern) && !/\[\^/.test(pattern) && !/\\[sSDWu]/.test(pattern);
}

/**
 * The longest match of a simple bounded pattern, in bytes (literals, escapes, classes, groups with
 * alternatives, and the quantifiers ?, {n}, {n,m}); undefined when it can match without bound.
 */
export function patternMaxBytes(pattern: string): number | undefined {
  let i = 0;
  const src = pattern;
  const sequence = (): number | undefined => {
    let total = 0;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const atom = atomBytes();
      if (atom === undefined) return undefined;
      const times = quantifier();
      if (times === undefined) return undefined;
      total += atom * times;
    }
    return total;
  };
  const alternation = (): number | undefined => {
    let best = sequence();
    while (best !== undefined && src[i] === '|') {
      i++;
      const next = sequence();
      best = next === undefined ? undefined : Math.max(best, next);
    }
    return best;
  };
  const atomBytes = (): number | undefined => {
    const c = src[i]!;
    if (c === '^' || c === '$') {
      i++;
      return 0;
    }
    if (c === '(') {
      i++;
      if (src.startsWith('?:', i)) i += 2;
      const inner = alternation();
      if (src[i] !== ')') return undefined;
      i++;
      return inner;
    }
    if (c === '[') {
      const end = src.indexOf(']', i + 2);
      if (end < 0) return undefined;
      const cls = src.slice(i, end + 1);
      i = end + 1;
      return NON_ASCII.test(cls) || cls.startsWith('[^') ? 3 : 1;
    }
    if (c === '\\') {
      const e = src[i + 1];
      i += 2;
      return e && 'sSDWu'.includes(e) ? 3 : 1;
    }
    i++;
    return c === '.' || NON_ASCII.test(c) ? 3 : 1;
  };
  const quantifier = (): number | undefined => {
    const c = src[i];
    if (c === '*' || c === '+') return undefined;
    if (c === '?') {
      i++;
      return 1;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return 1;
      i += m[0].length;
      if (m[2] === undefined) return Number(m[1]);
      return m[3] ? Number(m[3]) : undefined;
    }
    return 1;
  };
  const out = alternation();
  return i === src.length ? out : undefined;
}

/** Every number a schema accepts without a lower or an upper bound (JSON paths): DynamoDB cannot store 1e200, nor should a route take it. */
export function unboundedNumbers(schema: z.ZodType): string[] {
  const out: string[] = [];
  const walkNumbers = (
    s: Schema & { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; additionalProperties?: boolean | Schema },
    path: string,
  ) => {
    for (const [i, a] of (s.anyOf ?? s.oneOf ?? s.allOf ?? []).entries()) walkNumbers(a, `${path}<${i}>`);
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if ((type === 'number' || type === 'integer') && (s.minimum ?? s.exclusiveMinimum) === undefined) out.push(`${path}: no minimum`);
    if ((type === 'number' || type === 'integer') && (s.maximum ?? s.exclusiveMaximum) === undefined) out.push(`${path}: no maximum`);
    if (s.items) walkNumbers(s.items, `${path}[]`);
    for (const [k, v] of Object.entries(s.properties ?? {})) walkNumbers(v, `${path}.${k}`);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walkNumbers(s.additionalProperties, `${path}.*`);
  };
  walkNumbers(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema, '$');
  return out;
}
