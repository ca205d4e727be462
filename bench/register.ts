import { appendDecisions } from '../functions/platform/aggregate';
import { documentClient } from '../functions/platform/aws';
import { eachConcurrently } from '../functions/platform/concurrency';
import { eventStore } from '../functions/platform/deps';
import { licenseNumber } from '../functions/licensing/domain/license';
import { type PublicDecision, publicationStream } from '../functions/licensing/domain/publication';
import { usccCheckCharacter } from '../functions/enterprises/domain/uscc';
import { countReadUnits, machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:register`: the public register searched (L9) with 1k and then BENCH_LARGE (default 20k)
 * published decisions. The decisions are written through the store's real transaction (with their search lists);
 * then, for each kind of search, the p50 of 30 requests and the read units one request costs (every DynamoDB read
 * of the process counted): what a search reads must follow its answer, not the register.
 */
const LARGE = Number(process.env.BENCH_LARGE ?? 20_000);
const PLACES = ['闽江', '榕城', '海峡', '武夷', '鼓山', '泉港', '厦门', '漳州', '龙岩', '三明'];
const TRADES = ['电力工程', '电气安装', '输变电', '电力设备', '机电'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function decision(i: number, run: number): PublicDecision {
  let org = '';
  for (let n = run * 1_000_000 + i, k = 0; k < 9; k++, n = Math.floor(n / 31)) org += ALPHABET[n % 31];
  const first17 = `91350100${org}`;
  const licenseClass = ['facility-install', 'facility-repair', 'facility-test'][i % 3]!;
  const at = new Date(Date.UTC(2026, 0, 1) + i * 600_000).toISOString();
  return {
    caseId: `AP2026${String(run).padStart(4, '0')}${String(i).padStart(8, '0')}`,
    matterId: `${licenseClass}-l3.new`,
    matter: '承装（修、试）电力设施许可证 新申请',
    enterprise: {
      name: `福建${PLACES[i % PLACES.length]}${TRADES[Math.floor(i / PLACES.length) % TRADES.length]}第${i}号有限公司`,
      uscc: first17 + usccCheckCharacter(first17),
      regionCode: ['350100', '350200', '350500'][i % 3]!,
    },
    licenseClass,
    level: 3,
    licenseNo: licenseNumber(licenseClass, 3, 'FJ', 2026, i + 1),
    outcome: 'grant',
    decidedAt: at,
    publishedAt: at,
    agency: { id: 'nea-fujian', name: '福建能源监管办' },
    path: 'standard',
  };
}

async function seed(from: number, to: number, run: number): Promise<number> {
  const t = performance.now();
  await eachConcurrently(to - from, 16, async (k) => {
    const d = decision(from + k, run);
    await appendDecisions(
      eventStore(),
      [{ stream: publicationStream(d.caseId), current: undefined, decision: { events: [{ type: 'DecisionPublished', data: d }], state: d } }],
      { actor: 'bench', at: new Date(d.publishedAt) },
    );
  });
  return (to - from) / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const run = Date.now() % 10_000;
  const rows: string[] = [];
  await withLocalPlatform('register-bench', async (p) => {
    const { readUnits } = countReadUnits(documentClient());
    let written = 0;
    for (const n of [1000, LARGE]) {
      const rate = await seed(written, n, run);
      written = n;
      const probe = decision(Math.floor(n / 2), run);
      const searches: [string, string][] = [
        ['credit code', `uscc=${probe.enterprise.uscc}`],
        ['licence number', `licenseNo=${probe.licenseNo!}`],
        ['name, a rare part', `name=${encodeURIComponent(`第${Math.floor(n / 2)}号`)}`],
        ['name, a common part', `name=${encodeURIComponent('电力工程')}&limit=20`],
        ['class + province, a day', `licenseClass=facility-repair&province=35&publishedFrom=2026-01-02&publishedTo=2026-01-02&limit=50`],
        ['the whole register, newest 20', 'order=desc&limit=20'],
      ];
      for (const [what, query] of searches) {
        const url = `${p.apiUrl}/v1/public/decisions?${query}`;
        const times: number[] = [];
        let found = 0;
        const before = readUnits();
        for (let i = 0; i < 30; i++) {
          const t = performance.now();
          const res = await fetch(url);
          if (!res.ok) throw new Error(`${query}: ${res.status} ${await res.text()}`);
          found = ((await res.json()) as { items: unknown[] }).items.length;
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        rows.push(`| ${n.toLocaleString('en')} | ${what} | ${found} | ${times[15]!.toFixed(1)} ms | ${((readUnits() - before) / 30).toFixed(1)} |`);
      }
      rows.push(`| ${n.toLocaleString('en')} | (writing: ${rate.toFixed(0)} publications/s with their lists) | | | |`);
    }
  });
  process.stdout.write(
    [machineLine(), '', '| decisions in the register | search | found | p50 | read units per request |', '|---:|---|---:|---:|---:|', ...rows].join('\n') +
      '\n',
  );
}

runBench(main);
