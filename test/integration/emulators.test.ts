import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDynamo } from '../../local/emulators';

/**
 * DynamoDB Local never outlives the platform: a SIGKILL of only the Node process (as the
 * out-of-memory killer does) takes its JVM down with it, and a new start on the same data
 * directory stops an emulator that was left running there anyway.
 */
const ROOT = join(__dirname, '../..');
const alive = (pid: number) => existsSync(`/proc/${pid}`);
async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('DynamoDB Local lifecycle', () => {
  it("a SIGKILL of the platform's Node process takes the JVM down with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-jvm-'));
    const script = join(dir, 'platform.ts');
    const ready = join(dir, 'ready');
    writeFileSync(
      script,
      `import { startDynamo, freePort } from ${JSON.stringify(join(ROOT, 'local/emulators'))};\nvoid (async () => { await startDynamo(await freePort(), ${JSON.stringify(join(dir, 'db'))}); require('node:fs').writeFileSync(${JSON.stringify(ready)}, 'up'); setInterval(() => undefined, 1000); })();\n`,
    );
    // In-process TypeScript (tsx's CLI would run the script in a child of its own, and the kill would miss it).
    const platform = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'ignore' });
    await until('the emulator to start', () => existsSync(ready));
    const jvm = Number(readFileSync(join(dir, 'db', 'dynamodb-local.pid'), 'utf8'));
    expect(alive(jvm)).toBe(true);
    platform.kill('SIGKILL');
    await until('the JVM to exit', () => !alive(jvm), 15_000);
    expect(alive(jvm)).toBe(false);
  });

  it('a start on the same data directory stops an emulator left running there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-stale-'));
    const first = await startDynamo(await freePort(), dir);
    const jvm = Number(readFileSync(join(dir, 'dynamodb-local.pid'), 'utf8'));
    // As if its platform had vanished without a trace: the sentinel's pipe is still open, nobody stops it.
    first.process.unref();
    const second = await startDynamo(await freePort(), dir);
    try {
      expect(second.staleStopped).toBe(true);
      expect(alive(jvm)).toBe(false);
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});
