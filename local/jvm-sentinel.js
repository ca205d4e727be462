'use strict';
/**
 * Runs DynamoDB Local's JVM as its own child and makes sure it never outlives the platform: the
 * platform holds this process's stdin open, and when the platform dies — however, even by SIGKILL
 * or the out-of-memory killer — the pipe closes and the JVM is killed at once. Plain JavaScript,
 * so that it runs on the machine's node without a compiler. Usage: node jvm-sentinel.js <pidfile> <command> [args…]
 */
const { spawn } = require('node:child_process');
const { writeFileSync, rmSync } = require('node:fs');

const [pidFile, command, ...args] = process.argv.slice(2);
const jvm = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (pidFile) writeFileSync(pidFile, String(jvm.pid));

const cleanUp = () => {
  if (pidFile) rmSync(pidFile, { force: true });
};
const killJvm = () => {
  if (jvm.exitCode === null && jvm.signalCode === null) jvm.kill('SIGKILL');
  cleanUp();
  process.exit(0);
};
process.stdin.on('end', killJvm);
process.stdin.on('close', killJvm);
process.stdin.on('error', killJvm);
process.stdin.resume();
// A polite stop from the platform: the JVM gets SIGTERM and this process follows it out.
process.on('SIGTERM', () => jvm.kill('SIGTERM'));
jvm.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 1 : 0));
});
