import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../functions/platform/hash';
import {
  commitmentOf,
  draw,
  type DrawParameters,
  parametersHash,
  type Pool,
  poolHash,
  type RosterEntry,
  resultHash,
  rosterHash,
  rosterLines,
  seedOf,
} from '../functions/supervision/domain/draw';

/**
 * The worked example of docs/draws.md: a small roster, pool and parameters, a fixed nonce and
 * entropy, and the exact bytes of the draw's result with their hash. `npm run docs:draw-example`
 * writes docs/draws-example/; test/unit/draw-example.test.ts holds the files to the algorithm and
 * runs the verifier on them, so the docs, the verifier and the platform agree byte for byte.
 */
export function drawExample() {
  const roster: RosterEntry[] = [
    {
      id: 'FI3-FJ-2026-0000011',
      uscc: '91350100M000100Y43',
      name: '福州示范电力工程有限公司',
      licenseClass: 'facility-install',
      creditClass: 'good',
      province: '35',
      problemLibrary: false,
    },
    {
      id: 'FI3-FJ-2026-0000029',
      uscc: '91350200MA31RYUK9L',
      name: '厦门海湾电力安装有限公司',
      licenseClass: 'facility-install',
      creditClass: 'good',
      province: '35',
      problemLibrary: false,
    },
    {
      id: 'FI3-FJ-2026-000003Y',
      uscc: '91350300MA2Y3C8P4K',
      name: '莆田木兰电力工程有限公司',
      licenseClass: 'facility-install',
      creditClass: 'good',
      province: '35',
      problemLibrary: false,
      lastInspectedOn: '2026-05-10',
    },
    {
      id: 'FI3-FJ-2026-000004W',
      uscc: '91350400MA34XQ2N1D',
      name: '三明沙溪电力有限公司',
      licenseClass: 'facility-install',
      creditClass: 'normal',
      province: '35',
      problemLibrary: false,
    },
    {
      id: 'FI3-FJ-2026-000005U',
      uscc: '91350500MA2XJ0R75B',
      name: '泉州刺桐电力工程有限公司',
      licenseClass: 'facility-install',
      creditClass: 'dishonest',
      province: '35',
      problemLibrary: false,
    },
    {
      id: 'FI3-FJ-2026-000006S',
      uscc: '91350600MA8T4QW20E',
      name: '漳州九龙江电力安装有限公司',
      licenseClass: 'facility-install',
      creditClass: 'good',
      province: '35',
      problemLibrary: true,
    },
  ];
  const pool: Pool = {
    inspectors: [
      { inspectorId: 'insp-1', conflicts: [] },
      { inspectorId: 'insp-2', conflicts: ['91350500MA2XJ0R75B'] },
      { inspectorId: 'insp-3', conflicts: [] },
    ],
    lastTeams: { '91350600MA8T4QW20E': ['insp-1', 'insp-3'] },
  };
  const parameters: DrawParameters = {
    drawId: 'fj-facility.2026Q4',
    drawDate: '2026-12-01',
    ratios: { good: 0.5, normal: 0.5, dishonest: 1, 'severely-dishonest': 1 },
    exclusionMonths: 12,
    inspectorsPerInspection: 2,
  };
  const nonce = '6f3c1a9e2b7d4c8f0a5e3b1d9c7f2a4e6b8d0c2e4f6a8b0d2c4e6f8a0b2d4c6e';
  const entropy = ['上证指数 2026-11-30 收盘 3,412.56', '福建省电力行业协会公开抽签会 2026-12-01'];
  const hashes = { rosterHash: rosterHash(roster), poolHash: poolHash(pool), parametersHash: parametersHash(parameters) };
  const seed = seedOf({ nonce, entropy, ...hashes });
  const result = draw(roster, pool, parameters, seed);
  const published = { parameters, pool, ...hashes, commitment: commitmentOf(nonce), nonce, entropy, seed, resultHash: resultHash(result), result };
  return { roster: [...rosterLines(roster)].join(''), draw: JSON.stringify(published, null, 2) + '\n', result: canonicalJson(result) };
}

export const EXAMPLE_DIR = join(__dirname, '..', 'docs', 'draws-example');

if (require.main === module) {
  const files = drawExample();
  writeFileSync(join(EXAMPLE_DIR, 'roster.ndjson'), files.roster);
  writeFileSync(join(EXAMPLE_DIR, 'draw.json'), files.draw);
  writeFileSync(join(EXAMPLE_DIR, 'result.json'), files.result);
  process.stdout.write(`wrote ${EXAMPLE_DIR}\n`);
}
