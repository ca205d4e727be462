import { readFileSync } from 'node:fs';
import { RosterEntry } from '../functions/supervision/domain/draw';
import { PublishedDraw, verifyDraw } from '../functions/supervision/domain/verify';

/**
 * `npm run verify-draw -- <draw.json> <roster.ndjson> [result.json]`: re-runs a published "double
 * random" draw (S3) from the files anyone can download — GET /v1/public/draws/{id}, its /roster and,
 * for a draw too large to carry its result inline, its /result — and prints
 * "match" or "mismatch" with the reasons. Exit code 0 on a match, 1 on a mismatch, 2 on bad input.
 * The algorithm is documented in docs/draws.md.
 */
const [drawFile, rosterFile, resultFile] = process.argv.slice(2);
if (!drawFile || !rosterFile) {
  process.stderr.write('usage: npm run verify-draw -- <draw.json> <roster.ndjson> [result.json]\n');
  process.exit(2);
}
try {
  const draw = JSON.parse(readFileSync(drawFile, 'utf8')) as Record<string, unknown>;
  const published = PublishedDraw.parse(resultFile ? { ...draw, result: JSON.parse(readFileSync(resultFile, 'utf8')) } : draw);
  const roster = readFileSync(rosterFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => RosterEntry.parse(JSON.parse(l)));
  const { match, problems } = verifyDraw(published, roster);
  process.stdout.write(
    match
      ? `match: ${published.parameters.drawId}, ${roster.length} licences, ${published.result.selected.length} selected\n`
      : `mismatch: ${published.parameters.drawId}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(match ? 0 : 1);
} catch (e) {
  process.stderr.write(`cannot verify: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
