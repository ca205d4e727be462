import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { parse } from 'csv-parse/sync';
import { ensureTable } from '../../local/emulators';
import { registerSample, SAMPLE_FILE } from '../../scripts/samples/register';
import { type Harness, useHarness } from '../support/local-platform';
import { verifyOffline } from '../support/sm2-reference';

/**
 * Importing the existing register (issue 15; docs/register-import.md) on a table of this file's
 * own, so every count is exact: the sample's good rows become sealed licences of ours, each bad
 * row is reported with the column at fault, the same file again and an overlapping file change
 * nothing, the imported licences verify online and offline and are drawn in a supervision roster.
 */
const TABLE = `powerpermit-import-${Date.now().toString(36)}`;
const DATA_DIR = mkdtempSync(join(tmpdir(), 'pp-import-'));
type Json = Record<string, unknown>;
interface Report extends Json {
  importId: string;
  status: string;
  rows: number;
  imported: number;
  unchanged: number;
  rejected: number;
  report: {
    imported: { row: number; formerNo: string; licenseNo: string }[];
    unchanged: { row: number; licenseNo: string; importedBy: { importId: string; row: number } }[];
    rejected: { row: number; formerNo?: string; errors: { path: string; message: string }[] }[];
  };
}

describe('register import', () => {
  let h: Harness;
  let admin = '';
  const sample = registerSample();
  const csv = readFileSync(SAMPLE_FILE, 'utf8');
  const good = sample.rows.length - sample.bad.size;
  beforeAll(async () => {
    await ensureTable(process.env.AWS_ENDPOINT_URL_DYNAMODB!, TABLE);
  });
  useHarness(
    (started) => (h = started),
    () => ({ tableName: TABLE, dataDir: DATA_DIR }),
  );
  beforeAll(async () => {
    await h.setClock('2026-12-01T10:00:00+08:00');
    admin = await h.token({ role: 'admin', sub: 'operator-1' });
  });

  const send = async (source: string, format: 'csv' | 'json', content: string) => {
    const r = await h.http('POST', '/v1/operations/license-imports', { token: admin, body: { source, format, content } });
    expect(r.status).toBe(202);
    await h.settle();
    return (await h.http('GET', `/v1/operations/license-imports/${r.json!.importId as string}`, { token: admin })).json as Report;
  };

  it('the committed sample is what its generator makes', () => {
    expect(csv).toBe(sample.csv);
    expect(sample.rows).toHaveLength(300);
  });

  let first: Report;
  it('imports every good row and reports each bad row with the column at fault', async () => {
    first = await send('register.csv', 'csv', csv);
    expect(first).toMatchObject({ status: 'completed', rows: 300, processed: 300, imported: good, unchanged: 0, rejected: sample.bad.size });
    expect(first.report.imported).toHaveLength(good);
    expect(new Set(first.report.imported.map((r) => r.licenseNo)).size).toBe(good);
    expect(new Map(first.report.rejected.map((r) => [r.row, r.errors.map((e) => e.path)]))).toEqual(
      new Map([...sample.bad].map(([row, column]) => [row, [column]])),
    );
    const reason = (row: number) => first.report.rejected.find((r) => r.row === row)!.errors[0]!.message;
    expect(reason(86)).toBe('expired on 2025-07-01: only licences in force are imported');
    expect(reason(146)).toBe('repeats row 128 of this file');
    expect(reason(11)).toMatch(/check character/);
    expect(first.importId).toMatch(/^imp-[0-9a-f]{24}$/);
  });

  it('the same file again is the same import, and an overlapping file imports nothing twice', async () => {
    const again = await send('register-copy.csv', 'csv', csv);
    expect(again).toEqual(first);
    const json = JSON.stringify(parse(csv, { columns: true }) as unknown[]);
    const overlapping = await send('register.json', 'json', json);
    expect(overlapping.importId).not.toBe(first.importId);
    expect(overlapping).toMatchObject({ status: 'completed', imported: 0, unchanged: good, rejected: sample.bad.size });
    const byRow = new Map(first.report.imported.map((r) => [r.row, r.licenseNo]));
    for (const u of overlapping.report.unchanged) {
      expect(u.licenseNo).toBe(byRow.get(u.row));
      expect(u.importedBy).toEqual({ importId: first.importId, row: u.row });
    }
    // The operator's command on the same file: a no-op that prints the same report.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import-register.ts', SAMPLE_FILE], {
      env: { ...process.env, POWERPERMIT_DATA_DIR: DATA_DIR, PORT: new URL(h.p.apiUrl).port },
    });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('rejected row '))).toHaveLength(sample.bad.size);
    expect(lines).toContain(
      'rejected row 86 (line 87) 3-DB-10085-2023: validUntil: expired on 2025-07-01: only licences in force are imported'.replace(
        '3-DB-10085-2023',
        sample.rows[85]!.formerNo,
      ),
    );
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ importId: first.importId, rows: 300, imported: good, unchanged: 0, rejected: sample.bad.size });
  });

  it('E1 E3: an imported licence carries its source and former number, is sealed, and verifies online and offline', async () => {
    const row = first.report.imported[0]!;
    const source = sample.rows[row.row - 1]!;
    const l = (await h.http('GET', `/v1/licenses/${row.licenseNo}`, { token: admin })).json!;
    expect(l).toMatchObject({
      status: 'valid',
      path: 'imported',
      imported: { importId: first.importId, register: 'register.csv', row: row.row, formerNo: source.formerNo },
      holder: { uscc: source.uscc, name: source.holderName },
      validFrom: source.validFrom,
      validUntil: source.validUntil,
    });
    expect((l.history as { event: string }[]).map((e) => e.event)).toEqual(['LicenseImported']);
    const holder = await h.token({ role: 'applicant', enterpriseId: source.uscc });
    const e = (await h.http('GET', `/v1/licenses/${row.licenseNo}/electronic`, { token: holder })).json!;
    const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
    const { payload } = await compactVerify(e.jws as string, createLocalJWKSet({ keys }));
    expect(JSON.parse(Buffer.from(payload).toString())).toMatchObject({
      licenseNo: row.licenseNo,
      holder: { uscc: source.uscc },
      validUntil: source.validUntil,
    });
    const online = (await h.http('POST', '/v1/public/verifications', { body: { token: e.qr as string } })).json!;
    expect(online).toMatchObject({ authentic: true, kind: 'qr', licenseNo: row.licenseNo, status: 'valid' });
    const audit = (await h.http('GET', `/v1/licenses/${row.licenseNo}/audit`, { token: admin })).json as { events: { type: string; data: Json }[] };
    expect(audit.events.map((x) => x.type)).toEqual(['LicenseImported', 'LicenseSealed']);
  });

  it('E3: every imported licence is sealed: its electronic licence and its QR verify offline with the published keys alone', async () => {
    const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
    const jwks = createLocalJWKSet({ keys });
    let verified = 0;
    for (const r of first.report.imported) {
      const e = (await h.http('GET', `/v1/licenses/${r.licenseNo}/electronic`, { token: admin })).json!;
      const full = JSON.parse(Buffer.from((await compactVerify(e.jws as string, jwks)).payload).toString()) as { licenseNo: string; holder: { uscc: string } };
      const qr = JSON.parse(Buffer.from((await verifyOffline(e.qr as string, keys)).payload).toString()) as { n: string };
      expect([full.licenseNo, full.holder.uscc, qr.n]).toEqual([r.licenseNo, sample.rows[r.row - 1]!.uscc, r.licenseNo]);
      verified++;
    }
    expect(verified).toBe(good);
  });

  it('S1: the imported licences of an agency are its supervision roster', async () => {
    const xinjiang = first.report.imported.filter((r) => sample.rows[r.row - 1]!.agencyId === 'nea-xinjiang').map((r) => r.licenseNo);
    expect(xinjiang.length).toBeGreaterThan(10);
    const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-xinjiang', sub: 'sup-xj' });
    for (const id of ['insp-xj-1', 'insp-xj-2']) {
      expect((await h.http('PUT', `/v1/supervision/inspectors/${id}`, { token: supervisor, body: { conflicts: [] } })).status).toBe(200);
    }
    const plan = await h.http('POST', '/v1/supervision/plans', {
      token: supervisor,
      body: {
        planId: 'xj-imported',
        name: '导入许可证后监管',
        licenseClasses: [],
        provinces: [],
        ratios: { good: 0.2 },
        schedule: 'quarterly',
        entropyWindowMinutes: 0,
      },
    });
    expect(plan.status).toBe(200);
    expect((await h.http('POST', '/v1/supervision/plans/xj-imported/draws', { token: supervisor, body: { period: '2026Q4' } })).status).toBe(202);
    await h.settle();
    const d = (await h.http('GET', '/v1/public/draws/xj-imported.2026Q4')).json as { status: string; rosterCount: number; drawId: string };
    expect(d).toMatchObject({ status: 'published', rosterCount: xinjiang.length });
    const roster = (await (await fetch(`${h.p.apiUrl}/v1/public/draws/${d.drawId}/roster`)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(roster.sort()).toEqual([...xinjiang].sort());
  });

  it('a file it cannot read is a 400 that says why, and nothing is kept', async () => {
    const bad = await h.http('POST', '/v1/operations/license-imports', { token: admin, body: { source: 'x.csv', format: 'csv', content: 'name,uscc\nA,B\n' } });
    expect(bad).toMatchObject({ status: 400, json: { code: 'IMPORT.UNREADABLE', missingColumns: expect.arrayContaining(['formerNo', 'validUntil']) } });
    const notJson = await h.http('POST', '/v1/operations/license-imports', { token: admin, body: { source: 'x.json', format: 'json', content: '{"a":1}' } });
    expect(notJson).toMatchObject({ status: 400, json: { code: 'IMPORT.UNREADABLE' } });
    const staff = await h.token({ role: 'supervisor', agencyId: 'nea-xinjiang' });
    expect((await h.http('POST', '/v1/operations/license-imports', { token: staff, body: { source: 'x.csv', format: 'csv', content: csv } })).status).toBe(403);
  });
});
