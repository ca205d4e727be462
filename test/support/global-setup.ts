import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuckets, ensureTable, freePort, localEnv, startDynamo, startS3 } from '../../local/emulators';
import { AUDIT_BUCKET, DOCUMENTS_BUCKET, TABLE_NAME } from '../../local/runtime';
import { ENV_FILE_VAR, newEnvFile } from './env-file';
import { buildWeb } from '../../web/build';

/** One DynamoDB Local (in memory) and one s3rver for the whole integration run, on free ports. */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'powerpermit-it-'));
  // Every temporary file of the run (data directories of test platforms, CDK outputs, keys) goes under it, and the teardown removes it.
  (globalThis as Record<string, unknown>).__tmpRoot = dir;
  process.env.TMPDIR = dir;
  const dynamo = await startDynamo(await freePort());
  const s3 = await startS3(await freePort(), join(dir, 's3'));
  await ensureTable(dynamo.url, TABLE_NAME);
  await ensureBuckets(s3.url, [DOCUMENTS_BUCKET, AUDIT_BUCKET]);
  // The public site, built once for the run: every platform of the run (and `npm start` children) serves it.
  const { outDir: webDir } = await buildWeb(join(dir, 'web'));
  const env = { ...localEnv({ dynamoUrl: dynamo.url, s3Url: s3.url }), TABLE_NAME, DOCUMENTS_BUCKET, AUDIT_BUCKET, POWERPERMIT_WEB_DIR: webDir };
  const file = newEnvFile();
  writeFileSync(file, JSON.stringify({ ...env, POWERPERMIT_TEST_DIR: dir }));
  process.env[ENV_FILE_VAR] = file; // inherited by the test workers
  process.env.POWERPERMIT_WEB_DIR = webDir;
  (globalThis as Record<string, unknown>).__emulators = [dynamo, s3];
}
