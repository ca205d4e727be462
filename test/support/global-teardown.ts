import { rmSync } from 'node:fs';
import type { Running } from '../../local/emulators';
import { envFile } from './env-file';

export default async function globalTeardown(): Promise<void> {
  const running = ((globalThis as Record<string, unknown>).__emulators ?? []) as Running[];
  for (const r of running) await r.stop();
  rmSync(envFile(), { force: true });
  const root = (globalThis as Record<string, unknown>).__tmpRoot as string | undefined;
  if (root) rmSync(root, { recursive: true, force: true });
}
