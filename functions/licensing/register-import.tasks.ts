import * as z from 'zod';
import { appendDecisions } from '../platform/aggregate';
import { shanghaiDate } from '../platform/calendar';
import { clock } from '../platform/clock';
import { eachConcurrently } from '../platform/concurrency';
import { blobStore, eventStore, signer } from '../platform/deps';
import { isDomainError } from '../platform/errors';
import { licenseStream, withSeal } from './domain/license';
import { allocateLicenseNo } from './license-numbers';
import {
  type BatchOutcome,
  checkRow,
  claimFormerNumber,
  type FormerNumber,
  formerNumberStream,
  importLicense,
  importRowsKey,
  type LicenseImport,
  licenseImportStream,
  recordBatch,
  type RegisterRow,
  repeatedRows,
} from './domain/register-import';
import { sealLicense } from './domain/seal';

/** Rows per task invocation: each is a few reads, two signatures and one transaction. */
export const IMPORT_BATCH_ROWS = 200;
const ROW_CONCURRENCY = 8;
const ACTOR = 'system:license-import';

type RowResult =
  | { kind: 'imported' | 'unchanged'; row: number; formerNo: string; licenseNo: string; by: FormerNumber }
  | { kind: 'rejected'; rejection: BatchOutcome['rejected'][number] };

/** One row: its former number already claimed → unchanged (or imported, when this import claimed it before a crash); else a new sealed licence. */
async function importRow(imp: LicenseImport, value: RegisterRow, row: number, now: Date): Promise<RowResult> {
  const store = eventStore();
  const claimed = async (): Promise<RowResult | undefined> => {
    const former = (await store.load<FormerNumber>(formerNumberStream(value)))?.state;
    if (!former) return undefined;
    const again = former.importId === imp.importId && former.row === row;
    return { kind: again ? 'imported' : 'unchanged', row, formerNo: value.formerNo, licenseNo: former.licenseNo, by: former };
  };
  const before = await claimed();
  if (before) return before;
  const licenseNo = await allocateLicenseNo(value.agencyId, value.licenseClass, value.level, Number((value.issuedOn ?? value.validFrom).slice(0, 4)));
  const source = { importId: imp.importId, register: imp.register, row, formerNo: value.formerNo };
  const imported = importLicense(value, licenseNo, source);
  const claim = claimFormerNumber(value, licenseNo, source);
  const sealed = withSeal(imported, await sealLicense(imported.state, now.toISOString(), signer()));
  try {
    await appendDecisions(
      store,
      [
        { stream: licenseStream(licenseNo), current: undefined, decision: sealed },
        { stream: formerNumberStream(value), current: undefined, decision: claim },
      ],
      { actor: ACTOR, at: now },
    );
  } catch (e) {
    // Another execution claimed the number between our read and our write: its licence stands (our serial stays unused).
    if (isDomainError(e) && e.code === 'CONCURRENCY.VERSION_CONFLICT') {
      const after = await claimed();
      if (after) return after;
    }
    throw e;
  }
  return { kind: 'imported', row, formerNo: value.formerNo, licenseNo, by: claim.state };
}

/**
 * license-import: the next batch of rows, from where the import's record says it stands, so a
 * crashed or repeated invocation picks up where the last recorded batch ended and no row is done
 * twice (a row done before a crash is found by its claimed former number).
 */
export async function importRegisterBatch(input: unknown): Promise<{ importId: string; done: boolean; processed: number }> {
  const { importId } = z.object({ importId: z.string() }).parse(input);
  const store = eventStore();
  const current = await store.load<LicenseImport>(licenseImportStream(importId));
  if (!current) throw new Error(`import ${importId} not found`);
  const imp = current.state;
  if (imp.status === 'completed') return { importId, done: true, processed: imp.processed };
  const bytes = await blobStore().get(importRowsKey(importId));
  if (!bytes) throw new Error(`the rows of import ${importId} are missing`);
  const rows = JSON.parse(bytes.toString('utf8')) as unknown[];
  const repeats = repeatedRows(rows);
  const now = clock.now();
  const today = shanghaiDate(now);
  const from = imp.processed;
  const to = Math.min(from + IMPORT_BATCH_ROWS, rows.length);
  const results: RowResult[] = new Array(to - from);
  await eachConcurrently(to - from, ROW_CONCURRENCY, async (k) => {
    const i = from + k;
    const row = i + 1;
    const checked = checkRow(rows[i], row, today);
    const first = repeats.get(i);
    results[k] = !checked.ok
      ? { kind: 'rejected', rejection: checked.rejection }
      : first !== undefined
        ? {
            kind: 'rejected',
            rejection: { row, formerNo: checked.value.formerNo, errors: [{ path: 'formerNo', message: `repeats row ${first + 1} of this file` }] },
          }
        : await importRow(imp, checked.value, row, now);
  });
  const outcome: BatchOutcome = { imported: [], unchanged: [], rejected: [] };
  for (const r of results) {
    if (r.kind === 'rejected') outcome.rejected.push(r.rejection);
    else if (r.kind === 'imported') outcome.imported.push({ row: r.row, formerNo: r.formerNo, licenseNo: r.licenseNo });
    else outcome.unchanged.push({ row: r.row, formerNo: r.formerNo, licenseNo: r.licenseNo, importedBy: { importId: r.by.importId, row: r.by.row } });
  }
  const decision = recordBatch(imp, from, to, outcome, now);
  await appendDecisions(store, [{ stream: licenseImportStream(importId), current, decision }], { actor: ACTOR, at: now });
  return { importId, done: decision.state.status === 'completed', processed: decision.state.processed };
}
