import './polyfills';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { clock } from '../functions/platform/clock';
import { countedMetrics } from '../functions/platform/metrics';
import { obligationStore } from '../functions/platform/deps';
import { executionNameFor } from '../functions/platform/workflows';
import { SfnWorkflowStarter } from '../functions/platform/workflows.sfn';
import { schedules } from '../functions/schedules';
import { type Profile, PROFILES, profileNamed } from '../functions/platform/profiles';
import { ensureBuckets, ensureTable, freePort, localEnv, type Running, startDynamo, startS3 } from './emulators';
import { ensureLocalKeys, LocalIssuer } from './keys';

/** The local server's pages, on whichever port it listens (tests take a free one): what the local document store lets read it. */
const LOCAL_SITE_ORIGINS = ['http://127.0.0.1:*', 'http://localhost:*'];
import { LocalScheduler } from './scheduler';
import { createLocalApi } from './server';
import { localWebSignIn } from './sign-in';
import { buildWeb } from '../web/build';
import { documentStoreCors } from '../web/site';
import { invokeTaskFunction, LocalStepFunctions } from './stepfunctions';
import { StreamPoller } from './stream-poller';
import { type Firing, ScheduleJournal } from './schedule-journal';
import { everything, LocalResourceScope } from './resource-scope';
import { type ResourceBinding, resourceEnvironment } from '../functions/platform/needs';

export const TABLE_NAME = 'powerpermit';
export const DOCUMENTS_BUCKET = 'powerpermit-documents';
export const AUDIT_BUCKET = 'powerpermit-audit';
const ROOT = join(__dirname, '..');

export interface LocalPlatformOptions {
  /** Where data and keys live; the emulators keep their data under it. */
  dataDir: string;
  port: number;
  host?: string;
  /** Use already-running emulators instead of starting them (tests share one pair). */
  dynamoUrl?: string;
  s3Url?: string;
  tableName?: string;
  /** Run the stream poller and the scheduler in the background (off in tests, which drive them). */
  background?: boolean;
  /** Replace the workflows' retry backoff (tests); the ASL's intervals otherwise. */
  retryIntervalMs?: number;
  /** Replace every Wait state's pause (tests: the draws' entropy window); the ASL's otherwise. */
  waitMs?: number;
  /** Run the obligation reconciler (its schedule, and at start-up): default on; tests that share a table turn it off. */
  reconcile?: boolean;
  /** Where closing and acknowledging notifications go (default: the local hotline inbox, /local/hotline-inbox). */
  hotlineCallbackUrl?: string;
  /** Where e-mail and SMS to enterprises go (default: the local outbox, /local/outbox). */
  notifyOutboxUrl?: string;
  /** The built public site to serve (default: built now into .build/web; tests build it once for the run). */
  webDir?: string;
  /** The deployment profile whose algorithms it runs with (default POWERPERMIT_PROFILE, else global): mainland seals SM2 and SM4-GCM. */
  profile?: Profile;
}

export interface LocalPlatform {
  apiUrl: string;
  dynamoUrl: string;
  s3Url: string;
  sfnUrl: string;
  stepFunctions: LocalStepFunctions;
  poller: StreamPoller;
  scheduler: LocalScheduler;
  issuer: LocalIssuer;
  stop(): Promise<void>;
}

/** Starts the whole platform on one machine: emulators, table and buckets, keys, workflows, stream, schedules, API. */
export async function startLocalPlatform(o: LocalPlatformOptions): Promise<LocalPlatform> {
  const stoppers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
  };
  try {
    const tableName = o.tableName ?? TABLE_NAME;
    const profile = o.profile ?? profileNamed(process.env.POWERPERMIT_PROFILE);
    let dynamoUrl = o.dynamoUrl;
    if (!dynamoUrl) {
      const dynamo: Running = await startDynamo(await freePort(), join(o.dataDir, 'dynamodb'));
      stoppers.push(() => dynamo.stop());
      dynamoUrl = dynamo.url;
    }
    let s3Url = o.s3Url;
    if (!s3Url) {
      const s3 = await startS3(await freePort(), join(o.dataDir, 's3'));
      stoppers.push(() => s3.stop());
      s3Url = s3.url;
    }
    await ensureTable(dynamoUrl, tableName);
    await ensureBuckets(s3Url, [DOCUMENTS_BUCKET, AUDIT_BUCKET], { [DOCUMENTS_BUCKET]: documentStoreCors(LOCAL_SITE_ORIGINS) });

    // Each invocation runs with exactly the resources its function's manifest row declares, as a Lambda would.
    const scope = new LocalResourceScope();
    const stepFunctions = new LocalStepFunctions(
      join(ROOT, 'statemachines'),
      (context, payload) => scope.run({ kind: 'tasks', context }, () => invokeTaskFunction(context, payload)),
      o.retryIntervalMs,
      o.waitMs,
    );
    const sfnServer = await stepFunctions.listen(await freePort());
    stoppers.push(() => closeServer(sfnServer));
    const sfnUrl = `http://127.0.0.1:${(sfnServer.address() as { port: number }).port}`;

    Object.assign(process.env, localEnv({ dynamoUrl, s3Url, sfnUrl }));

    const keys = ensureLocalKeys(join(o.dataDir, 'keys'));
    const gatewaySecretsInline = { inline: readFileSync(keys.gatewaySecretsFile, 'utf8') };
    const binding: ResourceBinding = {
      tableName,
      documentsBucket: DOCUMENTS_BUCKET,
      auditBucket: AUDIT_BUCKET,
      seal: { localKeyDir: join(o.dataDir, 'keys'), algorithm: PROFILES[profile].seal },
      personalData: { localKeyFile: keys.piiKeyFile, algorithm: PROFILES[profile].personalData },
      hotlineSecrets: { inline: readFileSync(keys.hotlineSecretsFile, 'utf8') },
      hotlineCallbackUrl: '',
      notify: { gatewayUrl: '', gatewaySecrets: gatewaySecretsInline },
      stateMachineArn: (name) => stepFunctions.arns[name]!,
    };
    scope.bind(binding);
    // Outside any function's scope (tests, scripts, the operator's shell) every resource is reachable.
    Object.assign(process.env, resourceEnvironment(everything, binding));
    const issuer = await LocalIssuer.fromJwk(keys.issuer);

    const { handler: streamHandler } = await import('../functions/platform/stream.handler');
    const poller = new StreamPoller(
      tableName,
      (batch) => scope.run({ kind: 'stream' }, () => streamHandler(batch)),
      join(o.dataDir, 'stream-checkpoints.json'),
    );
    const starter = new SfnWorkflowStarter();
    const journal = new ScheduleJournal(o.background === false ? undefined : join(o.dataDir, 'schedule-firings.json'));
    const startFiring = (f: Firing) =>
      scope.run({ kind: 'scheduler' }, async () => {
        journal.started(f);
        const { executionArn } = await starter.start(f.stateMachine, f.executionName, f.input);
        void stepFunctions.describe(executionArn)?.done.then(() => journal.finished(f.executionName));
      });
    // Tests share one table: the reconciler runs only where it is asked for, so one test file's platform never restarts another's workflows.
    const scheduled = o.reconcile === false ? Object.fromEntries(Object.entries(schedules).filter(([n]) => n !== 'reconcileObligations')) : schedules;
    const scheduler = new LocalScheduler(scheduled, clock, (name, spec, at) =>
      startFiring({
        schedule: name,
        stateMachine: spec.stateMachine,
        executionName: executionNameFor(`${name}@${at.toISOString()}`, spec.stateMachine),
        input: spec.input,
        at: at.toISOString(),
      }),
    );
    if (o.background !== false) {
      // After a crash: what was cut short runs again — the schedules' firings from the journal, and every open obligation now (not when it falls due).
      for (const f of journal.unfinished()) await startFiring(f);
      if (o.reconcile !== false)
        await scope.run({ kind: 'scheduler' }, () =>
          starter.start('reconcile-obligations', executionNameFor(`start-up@${new Date().toISOString()}`, 'reconcile-obligations'), { all: true }),
        );
      poller.start();
      scheduler.start();
      stoppers.push(
        () => poller.stop(),
        () => scheduler.stop(),
      );
    }

    /** Open obligations (the reconciler closes them when it next looks), and those of them whose workflow has not succeeded: work still to do. */
    const obligationsNow = async () => {
      const ids = await obligationStore().due(undefined, 100_000);
      let unfinished = 0;
      for (const id of ids) {
        const o = (await obligationStore().load(id))?.obligation;
        if (
          o?.status === 'open' &&
          stepFunctions.describe(`${stepFunctions.arns[o.stateMachine]!.replace(':stateMachine:', ':execution:')}:${o.executionName}`)?.status !== 'SUCCEEDED'
        )
          unfinished++;
      }
      return { open: ids.length, unfinished };
    };
    // The public site: built at every start (a second or so; the CJK font once per machine), unless one is given
    // (POWERPERMIT_WEB_DIR: the tests build it once for the run).
    const webDir = o.webDir ?? process.env.POWERPERMIT_WEB_DIR ?? (await buildWeb()).outDir;
    const api = createLocalApi({
      issuer,
      scope,
      webDir,
      documentStoreOrigin: new URL(s3Url).origin,
      identity: PROFILES[profile].identity,
      // Schedules that fell due in the jump have started when the clock call returns.
      onClockChange: () => scheduler.clockChanged(),
      status: async () => ({
        // Where the emulators listen: operator scripts that write to them directly (npm run seed).
        endpoints: { dynamodb: dynamoUrl, s3: s3Url, tableName },
        schedules: scheduler.upcoming(),
        executions: stepFunctions.list().map(({ done: _d, ...e }) => e),
        metrics: countedMetrics(),
        obligations: await obligationsNow(),
      }),
    });
    await new Promise<void>((resolve, reject) => {
      api.once('error', reject);
      api.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
    });
    // Stopping: no new requests, those in flight finish (bounded); then the workflows' steps are abandoned (their
    // obligations stay open and the reconciler re-drives them at the next start), then the rest, in reverse.
    stoppers.push(
      () => stepFunctions.abandon(),
      () => closeServer(api, REQUEST_GRACE_MS),
    );
    const port = (api.address() as { port: number }).port;
    // The hotline's side of the outbound webhook: simulated by the local API unless one is given.
    binding.hotlineCallbackUrl = o.hotlineCallbackUrl ?? `http://${o.host ?? '127.0.0.1'}:${port}/local/hotline-inbox`;
    process.env.HOTLINE_CALLBACK_URL = binding.hotlineCallbackUrl;
    // E-mail and SMS to enterprises land in the local outbox (GET /local/outbox).
    // The outbox is a messaging gateway as the mainland profile's: signed messages, the first of each id kept.
    const gatewayUrl = o.notifyOutboxUrl ?? `http://${o.host ?? '127.0.0.1'}:${port}/local/outbox`;
    binding.notify = { gatewayUrl, gatewaySecrets: gatewaySecretsInline };
    process.env.NOTIFY_GATEWAY_URL = gatewayUrl;
    // The public site is served by the local server: the paper licences' QR codes open its verification page here.
    process.env.PUBLIC_BASE_URL = `http://${o.host ?? '127.0.0.1'}:${port}`;
    // The workbench and the portal sign in at the local issuer's sign-in page (local/sign-in.ts), on an origin of its own.
    process.env.WEB_SIGN_IN = JSON.stringify(localWebSignIn(`http://${o.host ?? '127.0.0.1'}:${port}`));

    return { apiUrl: `http://${o.host ?? '127.0.0.1'}:${port}`, dynamoUrl, s3Url, sfnUrl, stepFunctions, poller, scheduler, issuer, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Stops taking connections at once; idle keep-alive connections are closed, requests in flight may finish for
 * `graceMs`, then every connection is closed.
 */
function closeServer(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
    if (!graceMs) server.closeAllConnections();
  });
}

/** How long requests in flight may finish when the platform stops (npm start stops within 10 s: local/main.ts). */
export const REQUEST_GRACE_MS = 5000;
