import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the global setup leaves the emulators' environment for the test files: one file per jest
 * run (named after the run's process), handed to the workers through the environment, so that two
 * runs on one machine never read each other's emulators.
 */
export const ENV_FILE_VAR = 'POWERPERMIT_IT_ENV_FILE';
export const newEnvFile = (): string => join(tmpdir(), `powerpermit-it-${process.pid}.json`);
export const envFile = (): string => {
  const file = process.env[ENV_FILE_VAR];
  if (!file) throw new Error(`${ENV_FILE_VAR} is not set: run integration tests through jest's global setup`);
  return file;
};
