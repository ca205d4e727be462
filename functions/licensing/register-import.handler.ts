import { sha256Hex } from '../platform/hash';
import { runCommand, loadExisting } from '../platform/command';
import { blobStore, eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type BatchOutcome, importIdOf, importRowsKey, type LicenseImport, licenseImportStream, parseRegister, requestImport } from './domain/register-import';

const importNotFound = (id: string) => new DomainError('IMPORT.NOT_FOUND', `No register import ${id}.`);
const view = ({ requestedBy: _, ...imp }: LicenseImport) => imp;

/**
 * POST /v1/operations/license-imports — a register file to import (docs/register-import.md): read
 * and kept as it came, then imported row by row by the license-import workflow. The same bytes
 * are the same import: sending them again answers where that import stands.
 */
export const requestLicenseImport: Operation<Routes['requestLicenseImport']> = async ({ body, principal, now }) => {
  const rows = parseRegister(body.format, body.content);
  const sha256 = sha256Hex(body.content);
  const importId = importIdOf(sha256);
  await blobStore().put(importRowsKey(importId), JSON.stringify(rows), 'application/json');
  const imp = await runCommand(
    {
      stream: licenseImportStream(importId),
      decide: (current) =>
        requestImport(
          current?.state as LicenseImport | undefined,
          { register: body.source, format: body.format, sha256, rows: rows.length },
          principal.sub,
          now,
        ),
      view,
    },
    { principal, at: now },
  );
  return { status: 202, body: imp, headers: { location: `/v1/operations/license-imports/${importId}` } };
};

/** GET /v1/operations/license-imports/{importId} — how far it is, and every row's outcome so far: imported, unchanged (and by which import), rejected (and why). */
export const getLicenseImport: Operation<Routes['getLicenseImport']> = async ({ params }) => {
  const stream = licenseImportStream(params.importId);
  const { state } = await loadExisting<LicenseImport>(stream, () => importNotFound(params.importId));
  const report: BatchOutcome = { imported: [], unchanged: [], rejected: [] };
  for (const e of await eventStore().readStream(stream)) {
    if (e.type !== 'LicenseImportBatchRecorded') continue;
    const batch = e.data as unknown as BatchOutcome;
    report.imported.push(...batch.imported);
    report.unchanged.push(...batch.unchanged);
    report.rejected.push(...batch.rejected);
  }
  return { body: { ...view(state), report } };
};
