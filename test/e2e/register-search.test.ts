import { randomInt } from 'node:crypto';
import { appendDecisions } from '../../functions/platform/aggregate';
import { eventStore } from '../../functions/platform/deps';
import { GENESIS_HASH } from '../../functions/platform/event-store';
import { licenseNumber } from '../../functions/licensing/domain/license';
import { type PublicDecision, publicationStream } from '../../functions/licensing/domain/publication';
import { MAX_NAME_PAIRS } from '../../functions/licensing/domain/register';
import { newUscc } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * The public register searched (L9): by part of a name, credit code and licence number, filtered by class,
 * province and period, a page at a time and as CSV — against publications written through the store's real
 * transaction (the tally entries that make each search O(answer) are written with them). The province code 99
 * is no real province: this file's decisions are the only ones there, whatever else the shared table holds.
 */
const PROVINCE = '99';
type Json = Record<string, unknown>;

describe('the public register searched', () => {
  let h: Harness;
  useHarness((started) => (h = started));

  const serial = randomInt(100_000, 900_000);
  const decisions: PublicDecision[] = Array.from({ length: 24 }, (_, i) => {
    const licenseClass = i % 3 === 0 ? 'facility-repair' : 'facility-install';
    return {
      caseId: `AP20261101${String(serial + i).padStart(8, '0')}`,
      matterId: `${licenseClass}-l3.new`,
      matter: '承装（修、试）电力设施许可证 新申请',
      enterprise: { name: `${['闽江', '榕城', '海峡'][i % 3]}电力工程第${i}有限公司`, uscc: newUscc(`${PROVINCE}0100`), regionCode: `${PROVINCE}0100` },
      licenseClass,
      level: 3,
      licenseNo: licenseNumber(licenseClass, 3, 'FJ', 2026, serial + i),
      outcome: 'grant',
      decidedAt: `2026-11-${String(1 + i).padStart(2, '0')}T02:00:00.000Z`,
      // One a day from 1 November (Shanghai time 10:00), so periods have known members.
      publishedAt: `2026-11-${String(1 + i).padStart(2, '0')}T02:00:00.000Z`,
      agency: { id: 'nea-fujian', name: '福建能源监管办' },
      path: 'standard',
    };
  });

  beforeAll(async () => {
    for (const d of decisions)
      await appendDecisions(
        eventStore(),
        [{ stream: publicationStream(d.caseId), current: undefined, decision: { events: [{ type: 'DecisionPublished', data: d }], state: d } }],
        {
          actor: 'system:test',
          at: new Date(d.publishedAt),
        },
      );
  });

  const search = async (query: string) => {
    const res = await h.http('GET', `/v1/public/decisions?${query}`);
    expect(res.status).toBe(200);
    return res.json as { items: PublicDecision[]; cursor?: string; total?: number };
  };
  const caseIds = (items: readonly PublicDecision[]) => items.map((d) => d.caseId);

  it('L9: finds a decision by two characters from the middle of the name, by credit code and by licence number', async () => {
    const byPart = await search(`province=${PROVINCE}&name=${encodeURIComponent('榕城')}&limit=100`);
    expect(caseIds(byPart.items)).toEqual(caseIds(decisions.filter((_, i) => i % 3 === 1)));
    const byFullName = await search(`name=${encodeURIComponent(decisions[7]!.enterprise.name)}`);
    expect(caseIds(byFullName.items)).toEqual([decisions[7]!.caseId]);
    const byUscc = await search(`uscc=${decisions[5]!.enterprise.uscc}`);
    expect(byUscc).toMatchObject({ items: [decisions[5]], total: 1 });
    const byNumber = await search(`licenseNo=${decisions[11]!.licenseNo!}`);
    expect(caseIds(byNumber.items)).toEqual([decisions[11]!.caseId]);
    expect((await search(`name=${encodeURIComponent('无此企业')}`)).items).toEqual([]);
  });

  it('L9: filters by class, province and period together, newest first, and counts a one-facet answer', async () => {
    const all = await search(`province=${PROVINCE}&limit=100`);
    expect(all.total).toBe(decisions.length);
    const repairs = await search(`province=${PROVINCE}&licenseClass=facility-repair&publishedFrom=2026-11-04&publishedTo=2026-11-13&order=desc`);
    // Published 1…24 November, every third a repair licence: the 4th, 7th, 10th and 13th, newest first.
    expect(caseIds(repairs.items)).toEqual([12, 9, 6, 3].map((i) => decisions[i]!.caseId));
    expect(repairs.total).toBeUndefined();
  });

  it('L9: pages through a search with its cursor, every decision once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(`province=${PROVINCE}&name=${encodeURIComponent('电力')}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...caseIds(page.items));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(caseIds(decisions));
  });

  it('L9: the CSV download holds the search with Chinese column names and a BOM for spreadsheets', async () => {
    const res = await fetch(`${h.p.apiUrl}/v1/public/decisions?province=${PROVINCE}&licenseClass=facility-repair&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="public-decisions.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('公示日期,决定日期,企业名称,统一社会信用代码,许可类别,等级,许可证编号,事项,审批方式,决定机关,案件编号');
    expect(lines.slice(1)).toEqual(
      decisions
        .filter((d) => d.licenseClass === 'facility-repair')
        .map(
          (d) =>
            `${d.publishedAt.slice(0, 10)},${d.decidedAt.slice(0, 10)},${d.enterprise.name},${d.enterprise.uscc},承装（修、试）电力设施许可证（承修类）,3,${d.licenseNo},${d.matter},一般程序,福建能源监管办,${d.caseId}`,
        ),
    );
  });

  it('L9: a one-character name, an unknown class and a foreign cursor are refused with the field named', async () => {
    const short = await h.http('GET', `/v1/public/decisions?name=${encodeURIComponent('闽')}`);
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.json)).toContain('at least two characters');
    expect((await h.http('GET', '/v1/public/decisions?licenseClass=nuclear')).status).toBe(400);
    const other = (await search(`province=${PROVINCE}&limit=2`)).cursor!;
    const foreign = await h.http('GET', `/v1/public/decisions?uscc=${decisions[0]!.enterprise.uscc}&cursor=${other}`);
    expect(foreign).toMatchObject({ status: 400, json: { code: 'REQUEST.BAD_CURSOR' } });
  });

  it(`L9: a name of 200 characters publishes within one transaction and is found by any part of its first ${MAX_NAME_PAIRS + 1} characters`, async () => {
    // 200 distinct characters: the most pairs a name can give, each two writes in the publication's transaction.
    const name = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + (serial % 1000) + i * 7)).join('');
    const long: PublicDecision = {
      ...decisions[0]!,
      caseId: `AP20261130${String(serial).padStart(8, '0')}`,
      enterprise: { ...decisions[0]!.enterprise, name },
    };
    const at = new Date();
    const newStream = { expectedVersion: 0, lastHash: GENESIS_HASH, actor: 'system:test', at };
    await eventStore().appendAll([
      { ...newStream, stream: publicationStream(long.caseId), events: [{ type: 'DecisionPublished', data: long }], state: long },
      // What the real transaction also carries: the case it publishes.
      { ...newStream, stream: `TEST#${long.caseId}`, events: [{ type: 'Published', data: {} }], state: {} },
    ]);
    const part = [...name].slice(20, 26).join('');
    expect(caseIds((await search(`name=${encodeURIComponent(part)}`)).items)).toEqual([long.caseId]);
  });

  it('L9: the register lists rebuilt from the publications equal the ones kept at every append', async () => {
    const admin = await h.token({ role: 'admin' });
    const key = `REGISTER#province:${PROVINCE}`;
    const before = await search(`province=${PROVINCE}&limit=100`);
    const rebuilt = await h.http('POST', '/v1/operations/tallies/rebuild', { token: admin, body: { key } });
    expect(rebuilt.status).toBe(200);
    const after = await search(`province=${PROVINCE}&limit=100`);
    expect(after).toEqual(before);
    expect((rebuilt.json as Json).key).toBe(key);
  });
});
