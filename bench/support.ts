import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalPlatform, type LocalPlatformOptions, startLocalPlatform } from '../local/runtime';

// A bench prints a report: one info line per request or reaction would drown it (LOG_LEVEL=info to see them).
process.env.LOG_LEVEL ??= 'warn';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/** What every bench report starts with: the machine, the runtime and the day (bench/RESULTS.md wants them). */
export const machineLine = (): string =>
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`;

/** Runs `fn` against a fresh local platform (own data directory, stream and scheduler driven by hand) and always takes it down. */
export async function withLocalPlatform<T>(name: string, fn: (p: LocalPlatform) => Promise<T>, o: Partial<LocalPlatformOptions> = {}): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const p = await startLocalPlatform({ dataDir, port: 0, background: false, ...o });
  try {
    return await fn(p);
  } finally {
    await p.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Counts the read units of every DynamoDB call the document client makes in this process (the
 * local API and tasks run in it): ReturnConsumedCapacity on each, summed by `readUnits()`.
 */
export function countReadUnits(client: DynamoDBDocumentClient): { readUnits: () => number } {
  let units = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const cc = ([] as { CapacityUnits?: number }[]).concat((out.output as { ConsumedCapacity?: [] }).ConsumedCapacity ?? []);
      if (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(context.commandName ?? '')) units += cc.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: 'initialize', name: 'benchReadUnits' },
  );
  return { readUnits: () => units };
}

/** A bench's entry point: a failure prints its stack and exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
    process.exit(1);
  });
}
