import { readFileSync } from 'node:fs';
import { RosterEntry } from '../functions/supervision/domain/draw';
import { PublishedDraw, verifyDraw } from '../functions/supervision/domain/verify';

/**
 * `npm run verify-draw -- <draw.json> <roster.ndjson>`: re-runs a published "double random" draw
 * (S3) from the files anyone can download — GET /v1/public/draws/{id} and its /roster — and prints
 * "match" or "mismatch" with the reasons. Exit code 0 on a match, 1 on a mismatch, 2 on bad input.
 * The algorithm is documented in docs/draws.md.
 */
const [drawFile, rosterFile] = process.argv.slice(2);
if (!drawFile || !rosterFile) {
  process.stderr.write('usage: npm run verify-draw -- <draw.json> <roster.ndjson>\n');
  process.exit(2);
}
try {
  const published = PublishedDraw.parse(JSON.parse(readFileSync(drawFile, 'utf8')));
  const roster = readFileSync(rosterFile, 'utf8').split('\n').filter(Boolean).map((l) => RosterEntry.parse(JSON.parse(l)));
  const { match, problems } = verifyDraw(published, roster);
  process.stdout.write(match ? `match: ${published.parameters.drawId}, ${roster.length} licences, ${published.result.selected.length} selected\n` : `mismatch: ${published.parameters.drawId}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(match ? 0 : 1);
} catch (e) {
  process.stderr.write(`cannot verify: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
