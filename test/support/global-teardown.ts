import { rmSync } from 'node:fs';
import type { Running } from '../../local/emulators';
import { ENV_FILE } from './env-file';

export default async function globalTeardown(): Promise<void> {
  const running = ((globalThis as Record<string, unknown>).__emulators ?? []) as Running[];
  for (const r of running) await r.stop();
  rmSync(ENV_FILE, { force: true });
}
