import { readFileSync } from 'node:fs';
import { envFile } from './env-file';

// Point the SDK clients of this test file at the emulators the global setup started.
Object.assign(process.env, JSON.parse(readFileSync(envFile(), 'utf8')) as Record<string, string>, { LOG_LEVEL: 'silent', POWERTOOLS_METRICS_DISABLED: 'true' });
