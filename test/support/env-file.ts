import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the global setup leaves the emulators' environment for the test files. */
export const ENV_FILE = join(tmpdir(), 'powerpermit-integration-env.json');
