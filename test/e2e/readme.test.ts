import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/emulators';
import { platformEnv, startPlatformProcess, untilHealthy } from '../support/platform-process';

const ROOT = join(__dirname, '../..');

/** The README's walk-through, exactly as written: its shell blocks from "A walk through with curl" to "Deploying to AWS". */
function walkThrough(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const part = readme.slice(readme.indexOf('## A walk through with curl'), readme.indexOf('## Deploying to AWS'));
  return [...part.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
}

describe('the README walk-through', () => {
  it('L1–L9 E1 E3 P1 P5 S3: runs verbatim against a fresh `npm start` — to a granted, sealed licence, a closed complaint and a verified draw — and no command gets a problem', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pp-readme-'));
    const logFile = join(dataDir, 'platform.log');
    const port = await freePort();
    const env = platformEnv(dataDir, port);
    const platform = startPlatformProcess(env, openSync(logFile, 'a'));
    try {
      await untilHealthy(`http://127.0.0.1:${port}`, logFile);
      const script = walkThrough();
      expect(script).toContain('npm run -s verify-draw');
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      const out = run.stdout;
      expect({
        // Every answer of the walk is a success: no problem+json among them.
        problems: out.match(/"code":"[A-Z_]+\.[A-Z_.]+"/g) ?? [],
        granted: /"status":"granted"/.test(out),
        oneNoticeListsAll: /"deficiencies":\[\{"materialType":"personnel-qualifications".*?\},\{"materialType":"equipment-list"/.test(out),
        qrAuthentic: /"authentic":true/.test(out),
        complaintClosed: /"status":"closed"/.test(out),
        drawVerified: /(?<!mis)match: fj-facility\./.test(out),
      }).toEqual({ problems: [], granted: true, oneNoticeListsAll: true, qrAuthentic: true, complaintClosed: true, drawVerified: true });
    } finally {
      process.kill(-platform.child.pid!, 'SIGTERM');
      await platform.exited;
    }
    // Its own platform's start-up plus a real one-minute entropy window: more than the suite's default bound on a loaded machine.
  }, 480_000);
});
