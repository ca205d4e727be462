import { stringify } from 'csv-stringify/sync';
import { normalizeEnterpriseName } from '../../enterprises/domain/enterprise';
import { shanghaiDate } from '../../platform/calendar';
import { addEntry } from '../../platform/domain/listed';
import { groupedTally, type Tally } from '../../platform/event-store';
import { guideConfig } from './guide';
import type { PublicDecision } from './publication';

/**
 * Searching the public register (L9) in O(answer): every published decision is an entry of a few
 * lists — by licence class, by province, by credit code, by licence number and by each pair of
 * adjacent characters of its normalized name (the way Chinese names are searched: any two
 * characters typed are a pair of the name) — kept as tally entries, in the publication's own
 * transaction, each list with its count. A search reads the smallest list that holds every
 * answer and keeps the entries that match the rest of the query. Pure.
 */
export const REGISTER_LIST = 'decisions';

/** What an entry carries: its time first (lists are read by period), then what the filters test. */
export interface RegisterEntry {
  at: string;
  caseId: string;
  name: string;
  licenseClass: string;
  province: string;
  uscc: string;
  licenseNo?: string;
}

export interface RegisterQuery {
  name?: string;
  uscc?: string;
  licenseNo?: string;
  licenseClass?: string;
  province?: string;
}

/**
 * A name's pairs are indexed up to this many distinct ones (a name of up to 33 characters, nearly every
 * enterprise's, is searchable by any part of it): each is two writes in the publication's transaction, which
 * DynamoDB caps at 100.
 */
export const MAX_NAME_PAIRS = 32;

/** How names are compared: full-width forms and spaces as the enterprise register writes them, Latin letters in any case. */
export const searchableName = (name: string): string => normalizeEnterpriseName(name).toLowerCase();

export function namePairs(name: string): string[] {
  const chars = [...searchableName(name)];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length && pairs.size < MAX_NAME_PAIRS; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return [...pairs];
}

export const provinceOf = (regionCode: string): string => regionCode.slice(0, 2);

export const registerKey = {
  licenseClass: (c: string) => `REGISTER#class:${c}`,
  province: (p: string) => `REGISTER#province:${p}`,
  uscc: (u: string) => `REGISTER#uscc:${u}`,
  licenseNo: (n: string) => `REGISTER#licence:${n}`,
  namePair: (pair: string) => `REGISTER#name:${pair}`,
};

export const registerEntry = (p: PublicDecision): RegisterEntry => ({
  at: p.publishedAt,
  caseId: p.caseId,
  name: searchableName(p.enterprise.name),
  licenseClass: p.licenseClass,
  province: provinceOf(p.enterprise.regionCode),
  uscc: p.enterprise.uscc,
  ...(p.licenseNo ? { licenseNo: p.licenseNo } : {}),
});

/** The lists a published decision is on (the tally registry's contribution of a PUBLICATION stream). */
export function registerTally(p: PublicDecision): Tally[] {
  const value = registerEntry(p);
  const keys = [
    registerKey.licenseClass(value.licenseClass),
    registerKey.province(value.province),
    registerKey.uscc(value.uscc),
    ...(value.licenseNo ? [registerKey.licenseNo(value.licenseNo)] : []),
    ...namePairs(p.enterprise.name).map(registerKey.namePair),
  ];
  return keys.flatMap((key) => {
    const counts: Record<string, number> = {};
    addEntry(counts, REGISTER_LIST, value);
    return groupedTally(key, counts, () => undefined, [REGISTER_LIST]);
  });
}

/** The lists each of which holds every answer to the query (none: the query has no facet, read the whole register). */
export function candidateKeys(q: RegisterQuery): string[] {
  return [
    ...(q.uscc ? [registerKey.uscc(q.uscc)] : []),
    ...(q.licenseNo ? [registerKey.licenseNo(q.licenseNo)] : []),
    ...(q.licenseClass ? [registerKey.licenseClass(q.licenseClass)] : []),
    ...(q.province ? [registerKey.province(q.province)] : []),
    ...(q.name ? namePairs(q.name).map(registerKey.namePair) : []),
  ];
}

export const matchesQuery = (e: RegisterEntry, q: RegisterQuery): boolean =>
  (!q.uscc || e.uscc === q.uscc) &&
  (!q.licenseNo || e.licenseNo === q.licenseNo) &&
  (!q.licenseClass || e.licenseClass === q.licenseClass) &&
  (!q.province || e.province === q.province) &&
  (!q.name || e.name.includes(searchableName(q.name)));

/** Bounds on the entries' JSON text for a period of publication instants (entries start `{"at":"<instant>"`). */
export const entryBounds = (from: string, to: string): readonly [string, string] => [`{"at":"${from}`, `{"at":"${to}\uffff`];

/** The register as a spreadsheet reads it (the page's CSV download): Chinese column names, one row per decision. */
const REGISTER_CSV_COLUMNS = [
  '公示日期',
  '决定日期',
  '企业名称',
  '统一社会信用代码',
  '许可类别',
  '等级',
  '许可证编号',
  '事项',
  '审批方式',
  '决定机关',
  '案件编号',
] as const;

const registerCsvRow = (p: PublicDecision): string[] => [
  shanghaiDate(new Date(p.publishedAt)),
  shanghaiDate(new Date(p.decidedAt)),
  p.enterprise.name,
  p.enterprise.uscc,
  guideConfig.licenseClasses[p.licenseClass]?.name ?? p.licenseClass,
  p.level ? String(p.level) : '',
  p.licenseNo ?? '',
  p.matter,
  p.path === 'commitment' ? '告知承诺' : '一般程序',
  p.agency.name,
  p.caseId,
];

/** RFC 4180 with CRLF, a BOM so that spreadsheets read it as UTF-8, and no cell a spreadsheet would run as a formula. */
export const registerCsv = (rows: readonly PublicDecision[]): string =>
  `\ufeff${stringify([[...REGISTER_CSV_COLUMNS], ...rows.map(registerCsvRow)], { record_delimiter: '\r\n', escape_formulas: true })}`;
