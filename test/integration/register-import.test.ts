import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys } from '../../local/keys';
import { appendDecision } from '../../functions/platform/aggregate';
import * as deps from '../../functions/platform/deps';
import { sha256Hex } from '../../functions/platform/hash';
import {
  type FormerNumber,
  formerNumberStream,
  importIdOf,
  importRowsKey,
  type LicenseImport,
  licenseImportStream,
  RegisterRow,
  requestImport,
} from '../../functions/licensing/domain/register-import';
import { importRegisterBatch } from '../../functions/licensing/register-import.tasks';
import { registerSample } from '../../scripts/samples/register';

/**
 * A register import task that dies in the middle of a batch (its signer fails after a few
 * licences) and runs again, as Step Functions would after the Lambda's failure: the licences
 * written before the crash keep their numbers and are reported once, as imported, and nothing
 * else is imported twice.
 */
jest.mock('../../functions/platform/deps', () => {
  const actual = jest.requireActual<typeof deps>('../../functions/platform/deps');
  const failing = { after: Infinity, signed: 0 };
  return {
    ...actual,
    failing,
    signer: () => {
      const real = actual.signer();
      return {
        ...real,
        currentKeyId: () => real.currentKeyId(),
        publicKeys: () => real.publicKeys(),
        sign: async (data: Uint8Array) => {
          if (++failing.signed > failing.after) throw new Error('the function was killed');
          return real.sign(data);
        },
      };
    },
  };
});
const failing = (deps as unknown as { failing: { after: number; signed: number } }).failing;

describe('register import task (the real store, a crash mid-batch)', () => {
  beforeAll(() => {
    const keys = mkdtempSync(join(tmpdir(), 'import-keys-'));
    ensureLocalKeys(keys);
    process.env.SEAL_LOCAL_KEY_DIR = keys;
  });

  it('a batch that crashed is finished by its re-run: every row imported once, those before the crash under the numbers they got', async () => {
    // 40 good rows of the sample under former numbers of this run's own (the table is shared).
    const run = Date.now().toString(36).toUpperCase();
    const sample = registerSample();
    const rows = sample.rows
      .filter((_, i) => !sample.bad.has(i + 1))
      .slice(0, 40)
      .map((r) => ({ ...r, formerNo: `${r.formerNo}-${run}` }));
    const content = JSON.stringify(rows);
    const importId = importIdOf(sha256Hex(content));
    await deps.blobStore().put(importRowsKey(importId), content, 'application/json');
    const at = new Date('2026-12-01T02:00:00Z');
    const requested = requestImport(undefined, { register: 'crash.json', format: 'json', sha256: sha256Hex(content), rows: rows.length }, 'operator', at);
    await appendDecision(deps.eventStore(), licenseImportStream(importId), undefined, requested, { actor: 'operator', at });

    failing.after = 12; // at most six licences sealed (two signatures each) before the crash
    await expect(importRegisterBatch({ importId })).rejects.toThrow('the function was killed');
    const store = deps.eventStore();
    expect((await store.load<LicenseImport>(licenseImportStream(importId)))!.state).toMatchObject({ processed: 0, status: 'running' });
    const claimedBefore = new Map<number, string>();
    for (const [i, r] of rows.entries()) {
      const former = await store.load<FormerNumber>(formerNumberStream(RegisterRow.parse(r)));
      if (former) claimedBefore.set(i + 1, former.state.licenseNo);
    }
    expect(claimedBefore.size).toBeGreaterThan(0);
    expect(claimedBefore.size).toBeLessThanOrEqual(6);

    failing.after = Infinity;
    expect(await importRegisterBatch({ importId })).toEqual({ importId, done: true, processed: 40 });
    const events = await store.readStream(licenseImportStream(importId));
    expect(events.map((e) => e.type)).toEqual(['LicenseImportRequested', 'LicenseImportBatchRecorded', 'LicenseImportCompleted']);
    const batch = events[1]!.data as { imported: { row: number; licenseNo: string }[]; unchanged: unknown[]; rejected: unknown[] };
    expect(batch.imported).toHaveLength(40);
    expect(batch.unchanged).toEqual([]);
    expect(new Set(batch.imported.map((r) => r.licenseNo)).size).toBe(40);
    for (const [row, licenseNo] of claimedBefore) expect(batch.imported.find((r) => r.row === row)!.licenseNo).toBe(licenseNo);
    // A third run (a duplicate execution) changes nothing.
    expect(await importRegisterBatch({ importId })).toEqual({ importId, done: true, processed: 40 });
    expect(await store.readStream(licenseImportStream(importId))).toHaveLength(3);
  });
});
