import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RosterEntry } from '../../functions/supervision/domain/draw';
import { PublishedDraw, verifyDraw } from '../../functions/supervision/domain/verify';
import { drawExample, EXAMPLE_DIR } from '../../scripts/draw-example';

const file = (name: string) => readFileSync(join(EXAMPLE_DIR, name), 'utf8');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** docs/draws.md's worked example: the published files are what the algorithm gives, and they verify. */
describe('the worked example of a draw (docs/draws-example/)', () => {
  it('S3: the files are what the algorithm makes of the example inputs, byte for byte (npm run docs:draw-example writes them)', () => {
    const made = drawExample();
    expect({ roster: file('roster.ndjson'), draw: file('draw.json'), result: file('result.json') }).toEqual(made);
  });

  it('S3: the hashes are those of the bytes: sha256sum of roster.ndjson and result.json, and docs/draws.md quotes them', () => {
    const draw = JSON.parse(file('draw.json')) as { rosterHash: string; resultHash: string; seed: string; result: unknown };
    expect(sha256(file('roster.ndjson'))).toBe(draw.rosterHash);
    expect(sha256(file('result.json'))).toBe(draw.resultHash);
    const docs = readFileSync(join(__dirname, '../../docs/draws.md'), 'utf8');
    for (const h of [draw.rosterHash, draw.seed, draw.resultHash]) expect(docs).toContain(h);
  });

  it('S3: npm run verify-draw says match on the example, and mismatch when one result byte changes', () => {
    const published = PublishedDraw.parse(JSON.parse(file('draw.json')));
    const roster = file('roster.ndjson')
      .split('\n')
      .filter(Boolean)
      .map((l) => RosterEntry.parse(JSON.parse(l)));
    expect(verifyDraw(published, roster)).toEqual({ match: true, problems: [] });
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/verify-draw.ts', join(EXAMPLE_DIR, 'draw.json'), join(EXAMPLE_DIR, 'roster.ndjson')],
      {
        cwd: join(__dirname, '../..'),
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/^match: fj-facility\.2026Q4, 6 licences, 4 selected/);
    const flipped = { ...published, result: { ...published.result, unstaffed: ['FI3-FJ-2026-0000029'] } };
    expect(verifyDraw(flipped, roster).problems).toContain('the result does not hash to the published result hash');
  });
});
