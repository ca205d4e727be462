import * as z from 'zod';
import { canonicalJson } from '../../platform/hash';
import { commitmentOf, draw, type DrawResult, DrawParameters, parametersHash, Pool, poolHash, resultHash, type RosterEntry, rosterHash, seedOf } from './draw';

/** What a published draw carries (GET /v1/public/draws/{id}); the roster comes separately as NDJSON. */
export const PublishedDraw = z.object({
  parameters: DrawParameters,
  pool: Pool,
  rosterHash: z.string(),
  poolHash: z.string(),
  parametersHash: z.string(),
  commitment: z.string(),
  nonce: z.string(),
  entropy: z.array(z.string()),
  seed: z.string(),
  /** SHA-256 of the result's RFC 8785 JSON, published with the seed (docs/draws.md, Result). */
  resultHash: z.string(),
  result: z.custom<DrawResult>((v) => typeof v === 'object' && v !== null),
});
export type PublishedDraw = z.infer<typeof PublishedDraw>;

/**
 * S3: re-runs a draw from its public data alone and says whether everything holds: the roster,
 * pool and parameters hash to what was published before the draw, the revealed nonce opens the
 * commitment, the seed comes from the nonce, the entropy and the hashes, and the draw re-run on
 * them gives the published result, byte for byte, whose hash is the one published.
 */
export function verifyDraw(d: PublishedDraw, roster: readonly RosterEntry[]): { match: boolean; problems: string[] } {
  const problems: string[] = [];
  if (rosterHash(roster) !== d.rosterHash) problems.push('the roster does not hash to the published roster hash');
  if (poolHash(d.pool) !== d.poolHash) problems.push('the inspector pool does not hash to the published pool hash');
  if (parametersHash(d.parameters) !== d.parametersHash) problems.push('the parameters do not hash to the published parameters hash');
  if (commitmentOf(d.nonce) !== d.commitment) problems.push('the nonce does not match the commitment published before the draw');
  const seed = seedOf({ nonce: d.nonce, entropy: d.entropy, rosterHash: d.rosterHash, poolHash: d.poolHash, parametersHash: d.parametersHash });
  if (seed !== d.seed) problems.push('the seed is not derived from the nonce, the entropy and the hashes');
  if (resultHash(d.result) !== d.resultHash) problems.push('the result does not hash to the published result hash');
  if (!problems.length && canonicalJson(draw(roster, d.pool, d.parameters, d.seed)) !== canonicalJson(d.result))
    problems.push('re-running the draw gives another result');
  return { match: problems.length === 0, problems };
}
