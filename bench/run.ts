import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { CONTEXTS } from '../functions/contexts';
import { tasks } from '../functions/tasks';
import { RENDER_CONTEXTS } from '../functions/wiring';
import { BUNDLE, PDF_ASSETS } from '../infra/bundling';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench`: starts the local runtime on fresh emulators, loads two read endpoints from a
 * second process (autocannon) at 1, 10 and 50 connections, then bundles every Lambda the way
 * infra/ does and measures its minified size and cold import time. Prints a Markdown report.
 * `npm run bench -- --bundles` measures the bundles only; `--root <dir>` bundles another checkout
 * of the project (e.g. a `git worktree` of an earlier commit, to compare).
 */
const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 ? process.argv[rootArg + 1]! : join(__dirname, '..');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);

interface Load {
  endpoint: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon in a child process; asynchronous, because the server under load runs in this one. */
async function autocannon(url: string, connections: number, headers: Record<string, string>): Promise<Omit<Load, 'endpoint'>> {
  const args = [
    join(ROOT, 'node_modules/autocannon/autocannon.js'),
    '-j',
    '-c',
    String(connections),
    '-d',
    String(DURATION_S),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    url,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return { connections, rps: out.requests.average, p50: out.latency.p50, p99: out.latency.p99, errors: out.errors, non2xx: out.non2xx };
}

async function load(): Promise<Load[]> {
  return withLocalPlatform('pp-bench', async (p) => {
    const uscc = '91350100M000100Y43';
    const token = await p.issuer.mint({ role: 'applicant', enterpriseId: uscc });
    const reg = await fetch(`${p.apiUrl}/v1/enterprises`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc, name: '福州示范电力工程有限公司', regionCode: '350100', legalRepresentative: { name: '张三' } }),
    });
    if (reg.status !== 201) throw new Error(`seeding failed: ${reg.status}`);
    const results: Load[] = [];
    for (const [endpoint, path, headers] of [
      ['GET /v1/guide/matters', '/v1/guide/matters', {}],
      ['GET /v1/enterprises/{uscc}', `/v1/enterprises/${uscc}`, { authorization: `Bearer ${token}` }],
    ] as const) {
      for (const c of [1, 10, 50]) results.push({ endpoint, ...(await autocannon(p.apiUrl + path, c, headers)) });
    }
    return results;
  });
}

interface Bundle {
  entry: string;
  bytes: number;
  coldImportMs: number;
}

async function bundles(): Promise<Bundle[]> {
  const entries = [
    ...CONTEXTS.map((c) => `functions/${c}/api.handler.ts`),
    ...RENDER_CONTEXTS.map((c) => `functions/${c}/render.handler.ts`),
    ...[...new Set(Object.values(tasks).map((t) => t.context))].map((c) => `functions/${c}/tasks.handler.ts`),
    'functions/platform/stream.handler.ts',
  ];
  const out = join(ROOT, 'bench/.out');
  mkdirSync(out, { recursive: true });
  const results: Bundle[] = [];
  for (const entry of entries) {
    const dir = join(out, createHash('sha1').update(entry).digest('hex').slice(0, 8));
    const file = join(dir, 'index.js');
    // As infra/ bundles (infra/bundling.ts: minified CJS, no source map); targeted at this machine's Node so it can be imported here.
    await build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      minify: BUNDLE.minify,
      platform: 'node',
      target: 'node20',
      format: BUNDLE.format,
      mainFields: [...BUNDLE.mainFields],
      outfile: file,
      logLevel: 'silent',
    });
    // A render function's assets next to its bundle, as deployed.
    if (entry.endsWith('render.handler.ts'))
      for (const [from, to] of PDF_ASSETS) {
        mkdirSync(dirname(join(dir, to)), { recursive: true });
        cpSync(join(ROOT, from), join(dir, to), { recursive: true });
      }
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = spawnSync(
        process.execPath,
        ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`],
        {
          encoding: 'utf8',
          env: { ...process.env, AWS_REGION: 'cn-north-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      times.push(Number(r.stdout));
    }
    times.sort((a, b) => a - b);
    results.push({ entry, bytes: statSync(file).size, coldImportMs: times[3]! });
  }
  return results;
}

async function main(): Promise<void> {
  const loads = process.argv.includes('--bundles') ? [] : await load();
  const sizes = await bundles();
  const lines = [
    `${machineLine()}; ${DURATION_S} s per run`,
    '',
    ...(loads.length
      ? [
          '| endpoint | connections | req/s | p50 ms | p99 ms | errors | non-2xx |',
          '|---|---:|---:|---:|---:|---:|---:|',
          ...loads.map((l) => `| ${l.endpoint} | ${l.connections} | ${l.rps.toFixed(0)} | ${l.p50} | ${l.p99} | ${l.errors} | ${l.non2xx} |`),
          '',
        ]
      : []),
    '| Lambda bundle | minified size | cold import (median of 7) |',
    '|---|---:|---:|',
    ...sizes.map((b) => `| ${b.entry} | ${(b.bytes / 1024).toFixed(0)} KiB | ${b.coldImportMs.toFixed(0)} ms |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

runBench(main);
