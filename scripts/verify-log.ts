import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { parseCheckpoint, verifyNote } from '../functions/platform/domain/checkpoint-note';
import { leafHash, verifyConsistency, verifyInclusion } from '../functions/platform/domain/merkle';
import { canonicalJson } from '../functions/platform/hash';

/**
 * Checks the public transparency log of the audit trail (X1) with the algorithm of docs/audit.md
 * and nothing of the platform but these pure functions:
 *
 *   npm run verify-log -- checkpoint  <keys.json> <checkpoint.json>
 *   npm run verify-log -- inclusion   <keys.json> <checkpoint.json> <event.json> <inclusion.json>
 *   npm run verify-log -- consistency <keys.json> <older.json> <newer.json> <consistency.json>
 *
 * keys.json is GET /v1/public/keys; checkpoint.json one item of GET /v1/public/checkpoints (or
 * GET /v1/public/checkpoints/{size}); event.json one event as an audit route lists it;
 * inclusion.json GET /v1/public/checkpoints/{size}/inclusion?leaf=<event hash>; consistency.json
 * GET /v1/public/checkpoints/{size}/consistency?from=….
 * Prints "ok: …" (exit 0) or "fail: …" (exit 1); exit 2 on bad input.
 */
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const hex = (s: unknown) => Buffer.from(String(s), 'hex');

async function checkpoint(keysFile: string, file: string) {
  const keys = (read(keysFile).keys ?? []) as JWK[];
  const body = await verifyNote(String(read(file).checkpoint), keys);
  if (!body) throw new Failure(`${file}: the checkpoint is not signed by any of the published keys`);
  return parseCheckpoint(body);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The event hash of docs/audit.md: SHA-256 of the RFC 8785 JSON of these fields (correlationId and commitments when present). */
function eventHash(e: Record<string, unknown>): string {
  const { stream, seq, type, data, at, actor, prevHash, correlationId, commitments } = e;
  const fields = { stream, seq, type, data, at, actor, prevHash, ...(correlationId ? { correlationId } : {}), ...(commitments ? { commitments } : {}) };
  return sha256(canonicalJson(fields));
}

/** Each disclosed confidential field against its commitment: SHA-256 of the RFC 8785 JSON of {salt, value}. */
function undisclosable(e: Record<string, unknown>): string | undefined {
  const commitments = (e.commitments ?? {}) as Record<string, string>;
  const disclosed = (e.disclosed ?? {}) as Record<string, { salt: string; value: unknown }>;
  return Object.entries(disclosed).find(([k, d]) => commitments[k] !== sha256(canonicalJson({ salt: d.salt, value: d.value })))?.[0];
}

class Failure extends Error {}

async function main(): Promise<string> {
  const [mode, ...files] = process.argv.slice(2);
  if (mode === 'checkpoint' && files.length === 2) {
    const c = await checkpoint(files[0]!, files[1]!);
    return `checkpoint of ${c.origin}: ${c.size} entries, root ${c.root.toString('hex')}`;
  }
  if (mode === 'inclusion' && files.length === 4) {
    const c = await checkpoint(files[0]!, files[1]!);
    const event = read(files[2]!);
    const proof = read(files[3]!);
    const hash = eventHash(event);
    if (hash !== event.hash) throw new Failure(`the event's content does not hash to its hash ${String(event.hash)}`);
    const field = undisclosable(event);
    if (field) throw new Failure(`the disclosed ${field} does not match its commitment`);
    if (proof.size !== c.size) throw new Failure(`the proof is for a tree of ${String(proof.size)}, the checkpoint of ${c.size}`);
    if (!verifyInclusion(leafHash(hex(hash)), Number(proof.leafIndex), c.size, (proof.proof as string[]).map(hex), c.root))
      throw new Failure(`event ${String(event.stream)}@${String(event.seq)} is not at leaf ${String(proof.leafIndex)} of the checkpointed tree`);
    return `event ${String(event.stream)}@${String(event.seq)} is leaf ${String(proof.leafIndex)} of the signed tree of ${c.size}`;
  }
  if (mode === 'consistency' && files.length === 4) {
    const older = await checkpoint(files[0]!, files[1]!);
    const newer = await checkpoint(files[0]!, files[2]!);
    const proof = read(files[3]!);
    if (proof.from !== older.size || proof.to !== newer.size) throw new Failure('the proof is not between these two checkpoints');
    if (!verifyConsistency(older.size, newer.size, older.root, newer.root, (proof.proof as string[]).map(hex)))
      throw new Failure(`the tree of ${newer.size} does not extend the tree of ${older.size}: the log was rewritten`);
    return `the signed tree of ${newer.size} extends the signed tree of ${older.size}`;
  }
  process.stderr.write('usage: npm run verify-log -- checkpoint|inclusion|consistency <files…> (see scripts/verify-log.ts)\n');
  process.exit(2);
}

main().then(
  (ok) => process.stdout.write(`ok: ${ok}\n`),
  (e: unknown) => {
    if (e instanceof Failure) {
      process.stdout.write(`fail: ${e.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`cannot verify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
