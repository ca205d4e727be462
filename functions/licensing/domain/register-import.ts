import { parse as parseCsv } from 'csv-parse/sync';
import * as z from 'zod';
import type { EventsOf } from '../../events';
import type { Decision } from '../../platform/aggregate';
import { addCalendarDays, IsoDate } from '../../platform/calendar';
import { DomainError, type FieldError } from '../../platform/errors';
import { agencyById, agencyCoversRegion, RegionCode } from '../../platform/regions';
import { Uscc } from '../../enterprises/domain/uscc';
import { guideConfig } from './guide';
import { defaultScope, type License, validUntilFor } from './license';

/**
 * Importing the register a regulator already keeps (docs/register-import.md): every licence in
 * force becomes a licence of the platform — a number of ours, sealed like an issued one, recorded
 * as `LicenseImported` with the file and row it came from and the number it had before. Rows are
 * checked one by one and a rejected row says why; the former number is claimed once per agency,
 * so importing the same file again, or an overlapping one, changes nothing.
 */
export const IMPORT_COLUMNS = [
  'formerNo',
  'holderName',
  'uscc',
  'regionCode',
  'agencyId',
  'licenseClass',
  'level',
  'scope',
  'issuedOn',
  'validFrom',
  'validUntil',
] as const;
const REQUIRED_COLUMNS = IMPORT_COLUMNS.filter((c) => c !== 'level' && c !== 'scope' && c !== 'issuedOn');

export const MAX_IMPORT_ROWS = 10_000;
export const ImportFormat = z.enum(['csv', 'json']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** An empty cell is an absent value. */
const cell = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema);
const LICENSE_CLASSES = Object.keys(guideConfig.licenseClasses) as [string, ...string[]];

export const RegisterRow = z.object({
  formerNo: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((s) => s.replace(/\s+/g, ' ').toUpperCase()),
  holderName: z.string().trim().min(2).max(200),
  uscc: Uscc,
  regionCode: RegionCode,
  agencyId: z.string().refine((id) => agencyById(id) !== undefined, 'unknown agency'),
  licenseClass: z.enum(LICENSE_CLASSES, `one of ${LICENSE_CLASSES.join(', ')}`),
  level: cell(z.coerce.number().int().min(1).max(5).optional()),
  scope: cell(z.string().trim().min(2).max(500).optional()),
  issuedOn: cell(IsoDate.optional()),
  validFrom: IsoDate,
  validUntil: IsoDate,
});
export type RegisterRow = z.infer<typeof RegisterRow>;

export interface RowRejection {
  /** 1-based position among the licences (in a CSV, row 1 is the line after the header). */
  row: number;
  formerNo?: string;
  errors: FieldError[];
}

/** What the columns must say of each other: the class's levels and validity, the agency of the region, the order of the dates. */
function crossFieldErrors(r: RegisterRow): FieldError[] {
  const cls = guideConfig.licenseClasses[r.licenseClass]!;
  const errors: FieldError[] = [];
  if (cls.levels && !r.level) errors.push({ path: 'level', message: `a ${r.licenseClass} licence has a level (1–5)` });
  if (!cls.levels && r.level) errors.push({ path: 'level', message: `a ${r.licenseClass} licence has no level` });
  if (!agencyCoversRegion(r.agencyId, r.regionCode)) errors.push({ path: 'agencyId', message: `${r.agencyId} is not the agency of region ${r.regionCode}` });
  if (r.validUntil < r.validFrom) errors.push({ path: 'validUntil', message: 'ends before it begins (validFrom)' });
  else if (r.validUntil > validUntilFor(r.validFrom, cls.validityYears))
    errors.push({ path: 'validUntil', message: `longer than the ${cls.validityYears}-year validity of a ${r.licenseClass} licence` });
  if (r.issuedOn && r.issuedOn > r.validFrom) errors.push({ path: 'issuedOn', message: 'after the licence became valid (validFrom)' });
  return errors;
}

/** A row as the platform takes it, or why not: the columns it names, against the licence rules and today's date. */
export function checkRow(raw: unknown, row: number, today: IsoDate): { ok: true; value: RegisterRow } | { ok: false; rejection: RowRejection } {
  const formerNo = typeof (raw as { formerNo?: unknown })?.formerNo === 'string' ? String((raw as { formerNo: string }).formerNo).trim() : undefined;
  const reject = (errors: FieldError[]) => ({ ok: false as const, rejection: { row, ...(formerNo ? { formerNo } : {}), errors } });
  const parsed = RegisterRow.safeParse(raw);
  if (!parsed.success) {
    // One message per column: the first thing wrong with it (a malformed date is not also "not a calendar date").
    const byColumn = new Map<string, string>();
    for (const i of parsed.error.issues) {
      const path = i.path.map(String).join('.') || '(row)';
      if (!byColumn.has(path)) byColumn.set(path, i.message);
    }
    return reject([...byColumn].map(([path, message]) => ({ path, message })));
  }
  const r = parsed.data;
  const cross = crossFieldErrors(r);
  if (cross.length) return reject(cross);
  if (r.validUntil < today)
    return reject([{ path: 'validUntil', message: `expired on ${addCalendarDays(r.validUntil, 1)}: only licences in force are imported` }]);
  if ((r.issuedOn ?? r.validFrom) > today)
    return reject([{ path: r.issuedOn ? 'issuedOn' : 'validFrom', message: 'in the future: a register lists licences already issued' }]);
  return { ok: true, value: r };
}

/**
 * The licences of a register file: a CSV with a header naming the columns (in any order) or a JSON
 * array of objects. A file the platform cannot read at all is a 400; a row it cannot use is a
 * rejection in the report, not a failure of the file.
 */
export function parseRegister(format: ImportFormat, content: string): unknown[] {
  let rows: unknown;
  try {
    rows =
      format === 'csv'
        ? parseCsv(content, {
            columns: (header: string[]) => header.map((h) => h.trim()),
            bom: true,
            skip_empty_lines: true,
            trim: true,
            relax_column_count: true,
          })
        : JSON.parse(content);
  } catch (e) {
    throw new DomainError('IMPORT.UNREADABLE', `The ${format.toUpperCase()} file cannot be read: ${(e as Error).message}`);
  }
  if (!Array.isArray(rows)) throw new DomainError('IMPORT.UNREADABLE', 'A JSON register is an array of licences.');
  if (!rows.length) throw new DomainError('IMPORT.UNREADABLE', 'The file lists no licences.');
  if (rows.length > MAX_IMPORT_ROWS) throw new DomainError('IMPORT.TOO_LARGE', `At most ${MAX_IMPORT_ROWS} licences per file; split it.`);
  const first = rows[0] as Record<string, unknown>;
  const absent = REQUIRED_COLUMNS.filter((c) => !(c in first));
  if (absent.length)
    throw new DomainError('IMPORT.UNREADABLE', `The file has no ${absent.join(', ')} column(s); the columns are ${IMPORT_COLUMNS.join(', ')}.`, {
      missingColumns: absent,
      columns: IMPORT_COLUMNS,
    });
  return rows;
}

/** One agency's former number: claimed by the first import that brings it, so no licence is imported twice. */
export const formerNumberKey = (r: Pick<RegisterRow, 'agencyId' | 'formerNo'>): string => `${r.agencyId}#${r.formerNo}`;

/** Rows that repeat an earlier row's former number: the earlier row counts, later ones are rejected. */
export function repeatedRows(rows: readonly unknown[]): Map<number, number> {
  const first = new Map<string, number>();
  const repeats = new Map<number, number>();
  rows.forEach((raw, i) => {
    const r = raw as { agencyId?: unknown; formerNo?: unknown };
    if (typeof r?.agencyId !== 'string' || typeof r.formerNo !== 'string') return;
    const key = formerNumberKey({ agencyId: r.agencyId, formerNo: r.formerNo.trim().replace(/\s+/g, ' ').toUpperCase() });
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else repeats.set(i, seen);
  });
  return repeats;
}

// ---------------------------------------------------------------- the licence and its former number

export interface ImportSource {
  importId: string;
  /** The file's name as the operator gave it. */
  register: string;
  row: number;
  formerNo: string;
}

/** The imported licence: version 1, valid, under a number of ours; where it came from is on the licence and in its first event. */
export function importLicense(r: RegisterRow, licenseNo: string, source: ImportSource): Decision<License, EventsOf<'license'>> {
  const license: License = {
    licenseNo,
    version: 1,
    status: 'valid',
    holder: { uscc: r.uscc, name: r.holderName, regionCode: r.regionCode },
    agencyId: r.agencyId,
    licenseClass: r.licenseClass,
    ...(r.level ? { level: r.level } : {}),
    scope: r.scope ?? defaultScope(r),
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    // The day it was first issued, at midnight in China: the platform seals it now (the seal's issuedAt).
    issuedAt: new Date(`${r.issuedOn ?? r.validFrom}T00:00:00+08:00`).toISOString(),
    caseIds: [],
    path: 'imported',
    imported: source,
  };
  return { events: [{ type: 'LicenseImported', data: { ...license } }], state: license };
}

export interface FormerNumber {
  agencyId: string;
  formerNo: string;
  licenseNo: string;
  importId: string;
  row: number;
}

export const formerNumberStream = (r: Pick<RegisterRow, 'agencyId' | 'formerNo'>): string => `FORMER-LICENSE#${formerNumberKey(r)}`;

export function claimFormerNumber(r: RegisterRow, licenseNo: string, source: ImportSource): Decision<FormerNumber, EventsOf<'former licence number'>> {
  const state: FormerNumber = { agencyId: r.agencyId, formerNo: r.formerNo, licenseNo, importId: source.importId, row: source.row };
  return { events: [{ type: 'FormerLicenseNumberClaimed', data: { ...state } }], state };
}

// ---------------------------------------------------------------- the import and its report

export interface RowImported {
  row: number;
  formerNo: string;
  licenseNo: string;
}
/** A row whose licence an earlier import (or an earlier row of a re-run) already brought. */
export interface RowUnchanged extends RowImported {
  importedBy: { importId: string; row: number };
}

export interface LicenseImport {
  importId: string;
  register: string;
  format: ImportFormat;
  sha256: string;
  rows: number;
  requestedBy: string;
  requestedAt: string;
  status: 'running' | 'completed';
  /** Rows looked at so far, in file order: the next batch starts here. */
  processed: number;
  imported: number;
  unchanged: number;
  rejected: number;
  completedAt?: string;
}

export const licenseImportStream = (importId: string): string => `LICENSE-IMPORT#${importId}`;
/** The same bytes are the same import: sending a file again changes nothing. */
export const importIdOf = (sha256: string): string => `imp-${sha256.slice(0, 24)}`;
export const importRowsKey = (importId: string): string => `imports/${importId}.json`;

export function requestImport(
  current: LicenseImport | undefined,
  file: { register: string; format: ImportFormat; sha256: string; rows: number },
  by: string,
  at: Date,
): Decision<LicenseImport, EventsOf<'licence import'>> {
  if (current) return { events: [], state: current };
  const state: LicenseImport = {
    importId: importIdOf(file.sha256),
    ...file,
    requestedBy: by,
    requestedAt: at.toISOString(),
    status: 'running',
    processed: 0,
    imported: 0,
    unchanged: 0,
    rejected: 0,
  };
  return { events: [{ type: 'LicenseImportRequested', data: { importId: state.importId, ...file } }], state };
}

export interface BatchOutcome {
  imported: RowImported[];
  unchanged: RowUnchanged[];
  rejected: RowRejection[];
}

/** A batch of rows done: its outcome on record (the report reads these), and the import completed after its last row. */
export function recordBatch(
  imp: LicenseImport,
  from: number,
  to: number,
  outcome: BatchOutcome,
  at: Date,
): Decision<LicenseImport, EventsOf<'licence import'>> {
  if (imp.status === 'completed' || from !== imp.processed) return { events: [], state: imp };
  const state: LicenseImport = {
    ...imp,
    processed: to,
    imported: imp.imported + outcome.imported.length,
    unchanged: imp.unchanged + outcome.unchanged.length,
    rejected: imp.rejected + outcome.rejected.length,
  };
  const events: Decision<LicenseImport, EventsOf<'licence import'>>['events'] = [{ type: 'LicenseImportBatchRecorded', data: { from, to, ...outcome } }];
  if (to >= imp.rows) {
    state.status = 'completed';
    state.completedAt = at.toISOString();
    events.push({ type: 'LicenseImportCompleted', data: { imported: state.imported, unchanged: state.unchanged, rejected: state.rejected } });
  }
  return { events, state };
}
