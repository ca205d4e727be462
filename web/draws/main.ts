import { agencyName } from '../shared/provinces';
import { RosterEntry } from '../../functions/supervision/domain/draw';
import { PublishedDraw, verifyDraw } from '../../functions/supervision/domain/verify';
import { el, identifier, type Lang, mountPage, translator, type Words } from '../shared/i18n';
import { periodName, shanghaiTime } from '../shared/time';
import { pathSegment } from '../shared/paths';

/**
 * "Double random, one open" in the open (DOMAIN S1, S3): every draw with its commitment, the hashes of its roster,
 * pool and parameters, the public entropy, the revealed seed and the result — and a button that re-runs pp-draw-1
 * here, in the browser, from the files the platform publishes (the draw, its roster, its result), with the very
 * code the platform drew with, and says whether everything matches. `/draws` lists them; `/draws/<drawId>` shows one.
 */
const WORDS = {
  title: { zh: '双随机抽查', en: 'Random inspection draws' },
  lead: {
    zh: '“双随机、一公开”：随机抽取检查对象，随机选派检查人员，抽查情况及查处结果及时向社会公开。每次抽取都可由任何人复核。',
    en: '"Double random, one open": inspected enterprises and inspectors are both drawn at random, and the draws and their results are published. Anyone can check any draw.',
  },
  none: { zh: '还没有抽取记录。', en: 'No draw yet.' },
  more: { zh: '更多', en: 'More' },
  back: { zh: '← 全部抽取', en: '← All draws' },
  period: { zh: '期间', en: 'Period' },
  drawOf: { zh: '{agency} {period}随机抽查', en: '{agency}: random inspections, {period}' },
  agency: { zh: '实施机关', en: 'Agency' },
  status: { zh: '状态', en: 'Status' },
  committed: { zh: '已承诺（等待抽取）', en: 'Committed (not drawn yet)' },
  drawn: { zh: '已抽取', en: 'Drawn' },
  published: { zh: '已公开', en: 'Published' },
  roster: { zh: '抽查名录', en: 'Roster' },
  licences: { zh: '{n} 张许可证', en: '{n} licences' },
  selected: { zh: '抽中 {n} 家', en: '{n} selected' },
  committedAt: { zh: '承诺时间', en: 'Committed at' },
  entropyUntil: { zh: '公众随机数截止', en: 'Public entropy until' },
  commitment: { zh: '随机种子承诺（SHA-256）', en: 'Seed commitment (SHA-256)' },
  rosterHash: { zh: '名录哈希', en: 'Roster hash' },
  poolHash: { zh: '检查人员库哈希', en: 'Inspector pool hash' },
  parametersHash: { zh: '参数哈希', en: 'Parameters hash' },
  entropy: { zh: '公众随机数', en: 'Public entropy' },
  noEntropy: { zh: '无', en: 'None' },
  nonce: { zh: '揭示的随机数', en: 'Revealed nonce' },
  seed: { zh: '随机种子', en: 'Seed' },
  resultHash: { zh: '结果哈希', en: 'Result hash' },
  ratios: { zh: '抽查比例', en: 'Sampling ratios' },
  good: { zh: '守信', en: 'Good' },
  normal: { zh: '一般', en: 'Normal' },
  dishonest: { zh: '失信', en: 'Dishonest' },
  'severely-dishonest': { zh: '严重失信', en: 'Severely dishonest' },
  result: { zh: '抽取结果', en: 'Result' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  licence: { zh: '许可证', en: 'Licence' },
  reason: { zh: '入选方式', en: 'Why' },
  random: { zh: '随机抽取', en: 'Drawn at random' },
  'problem-library': { zh: '问题企业库', en: 'Problem library' },
  inspectors: { zh: '检查人员', en: 'Inspectors' },
  files: { zh: '公开文件', en: 'Published files' },
  drawFile: { zh: '抽取记录（JSON）', en: 'The draw (JSON)' },
  rosterFile: { zh: '名录（NDJSON）', en: 'Roster (NDJSON)' },
  resultFile: { zh: '结果（JSON）', en: 'Result (JSON)' },
  verifyTitle: { zh: '自行复核', en: 'Check it yourself' },
  verifyLead: {
    zh: '按公开的抽取算法（第 1 版），在您的浏览器中用公开文件重新抽取一次，并核对全部哈希与承诺。',
    en: 'Re-run the draw in your browser with the published algorithm pp-draw-1 from the published files, and check every hash and the commitment.',
  },
  verify: { zh: '在浏览器中复核', en: 'Verify in your browser' },
  verifying: { zh: '正在复核……', en: 'Checking…' },
  match: { zh: '一致：重新抽取的结果与公布的完全相同', en: 'Match: the re-run gives exactly the published result' },
  mismatch: { zh: '不一致', en: 'Mismatch' },
  notYet: { zh: '抽取完成后即可复核。', en: 'The draw can be checked once it is made.' },
  failed: { zh: '无法复核：{detail}', en: 'Could not check: {detail}' },
  notFound: { zh: '没有这次抽取。', en: 'No such draw.' },
  checked: { zh: '已核对 {n} 张许可证、{k} 家抽中企业。', en: '{n} licences and {k} selected enterprises checked.' },
} satisfies Words<string>;
type Key = keyof typeof WORDS;
const CREDIT_CLASSES = ['good', 'normal', 'dishonest', 'severely-dishonest'] as const;
type T = ReturnType<typeof translator<Key>>;

/** verifyDraw's findings (functions/supervision/domain/verify.ts) in Chinese; English as it says them. */
const PROBLEMS_ZH: Record<string, string> = {
  'the roster does not hash to the published roster hash': '名录的哈希与公布的名录哈希不符',
  'the inspector pool does not hash to the published pool hash': '检查人员库的哈希与公布的不符',
  'the parameters do not hash to the published parameters hash': '参数的哈希与公布的不符',
  'the nonce does not match the commitment published before the draw': '揭示的随机数与抽取前公布的承诺不符',
  'the seed is not derived from the nonce, the entropy and the hashes': '随机种子不是由随机数、公众随机数和各哈希生成的',
  'the result does not hash to the published result hash': '结果的哈希与公布的结果哈希不符',
  're-running the draw gives another result': '重新抽取得到不同的结果',
};

/** A draw as people name it: the agency and the period it drew for (云南能源监管办 2026年第四季度随机抽查). */
const drawTitle = (d: { agencyId: string; period: string }, lang: Lang, t: (k: 'drawOf', v: Record<string, string>) => string): string =>
  t('drawOf', { agency: agencyName(d.agencyId, lang), period: periodName(d.period, lang) });

interface DrawSummary {
  drawId: string;
  period: string;
  agencyId: string;
  status: 'committed' | 'drawn' | 'published';
  rosterCount: number;
  summary?: { selected: number };
  committedAt: string;
}
type Draw = DrawSummary &
  Record<string, unknown> & {
    commitment: string;
    rosterHash: string;
    poolHash: string;
    parametersHash: string;
    entropy: string[];
    entropyUntil: string;
    nonce?: string;
    seed?: string;
    resultHash?: string;
    parameters: { ratios: Record<string, number> };
    result?: { selected: { id: string; uscc: string; reason: string; inspectors: string[] }[] };
    links: { roster: string; result?: string };
  };

async function listPage(): Promise<void> {
  const items: DrawSummary[] = [];
  let cursor: string | undefined;
  const load = async () => {
    const page = (await (await fetch(`/v1/public/draws?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as {
      items: DrawSummary[];
      cursor?: string;
    };
    items.push(...page.items);
    cursor = page.cursor;
  };
  await load();
  const render = (lang: Lang, main: HTMLElement) => {
    const t = translator(WORDS, lang);
    const cards = items.map((d) =>
      el(
        'article',
        { class: 'entry', 'data-draw': d.drawId },
        // Titled by who drew for which period (the draw's id stays its identifier, under it).
        el('h2', {}, el('a', { href: `/draws/${encodeURIComponent(d.drawId)}` }, drawTitle(d, lang, t))),
        el('p', { class: 'small' }, identifier(d.drawId)),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, t('agency')),
          el('dd', {}, agencyName(d.agencyId, lang)),
          el('dt', {}, t('period')),
          el('dd', {}, periodName(d.period, lang)),
          el('dt', {}, t('status')),
          el('dd', {}, t(d.status)),
          el('dt', {}, t('roster')),
          el('dd', {}, t('licences', { n: d.rosterCount }), d.summary ? ` · ${t('selected', { n: d.summary.selected })}` : ''),
          el('dt', {}, t('committedAt')),
          el('dd', {}, shanghaiTime(d.committedAt)),
        ),
      ),
    );
    const more = el('button', { type: 'button', class: 'more' }, t('more'));
    more.onclick = async () => {
      await load();
      render(lang, main);
    };
    main.replaceChildren(el('p', { class: 'lead' }, t('lead')), ...(items.length ? cards : [el('p', {}, t('none'))]));
    if (cursor) main.append(more);
  };
  mountPage(WORDS.title, render);
}

/** The re-run: the draw as published, its roster and (when not inline) its result, fetched from the links the draw gives. */
async function verifyHere(d: Draw): Promise<{ match: boolean; problems: string[]; licences: number }> {
  const text = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.text();
  };
  const roster = (await text(d.links.roster))
    .split('\n')
    .filter(Boolean)
    .map((line) => RosterEntry.parse(JSON.parse(line)));
  const result = d.result ?? (JSON.parse(await text(d.links.result!)) as unknown);
  const { match, problems } = verifyDraw(PublishedDraw.parse({ ...d, result }), roster);
  return { match, problems, licences: roster.length };
}

function hashes(d: Draw, t: T): HTMLElement {
  const list = el('dl', { class: 'facts hashes' });
  const row = (k: Key, v: string | undefined) => v !== undefined && list.append(el('dt', {}, t(k)), el('dd', { class: 'hash', translate: 'no' }, v));
  row('commitment', d.commitment);
  row('rosterHash', d.rosterHash);
  row('poolHash', d.poolHash);
  row('parametersHash', d.parametersHash);
  list.append(el('dt', {}, t('entropy')), el('dd', d.entropy.length ? { translate: 'no' } : {}, d.entropy.length ? d.entropy.join(' · ') : t('noEntropy')));
  row('nonce', d.nonce);
  row('seed', d.seed);
  row('resultHash', d.resultHash);
  return list;
}

async function drawPage(drawId: string): Promise<void> {
  const res = await fetch(`/v1/public/draws/${encodeURIComponent(drawId)}`);
  const d = res.ok ? ((await res.json()) as Draw) : undefined;
  let check: { state: 'idle' | 'running' } | { state: 'done'; match: boolean; problems: string[]; licences: number } | { state: 'failed'; detail: string } = {
    state: 'idle',
  };
  const repaint = mountPage(WORDS.title, (lang, main) => {
    const t = translator(WORDS, lang);
    const back = el('p', {}, el('a', { href: '/draws' }, t('back')));
    if (!d) return void main.replaceChildren(back, el('p', { class: 'bad-text' }, t('notFound')));
    const made = d.status !== 'committed';
    const button = el('button', { type: 'button', class: 'more', id: 'verify-draw' }, t(check.state === 'running' ? 'verifying' : 'verify'));
    if (!made || check.state === 'running') button.setAttribute('disabled', '');
    button.onclick = async () => {
      check = { state: 'running' };
      repaint();
      try {
        check = { state: 'done', ...(await verifyHere(d)) };
      } catch (e) {
        check = { state: 'failed', detail: e instanceof Error ? e.message : String(e) };
      }
      repaint();
      document.querySelector<HTMLElement>('#verdict')?.focus();
    };
    const verdict =
      check.state === 'done'
        ? el(
            'div',
            { id: 'verdict', tabindex: '-1', class: `verdict ${check.match ? 'good' : 'bad'}`, 'data-match': String(check.match) },
            el('h2', {}, check.match ? t('match') : t('mismatch')),
            check.match
              ? el('p', {}, t('checked', { n: check.licences, k: d.result?.selected.length ?? 0 }))
              : el('ul', {}, ...check.problems.map((p) => el('li', {}, lang === 'zh' ? (PROBLEMS_ZH[p] ?? p) : p))),
          )
        : check.state === 'failed'
          ? el('p', { id: 'verdict', tabindex: '-1', class: 'bad-text', role: 'alert' }, t('failed', { detail: check.detail }))
          : undefined;
    const selected = d.result?.selected ?? [];
    main.replaceChildren(
      back,
      el('h2', { id: 'draw-id' }, drawTitle(d, lang, t)),
      el('p', { class: 'small' }, identifier(d.drawId)),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, t('agency')),
        el('dd', {}, agencyName(d.agencyId, lang)),
        el('dt', {}, t('period')),
        el('dd', {}, periodName(d.period, lang)),
        el('dt', {}, t('status')),
        el('dd', {}, t(d.status)),
        el('dt', {}, t('roster')),
        el('dd', {}, t('licences', { n: d.rosterCount })),
        el('dt', {}, t('ratios')),
        el(
          'dd',
          {},
          CREDIT_CLASSES.filter((c) => c in d.parameters.ratios)
            .map((c) => `${t(c)} ${Math.round(d.parameters.ratios[c]! * 1000) / 10}%`)
            .join(' · '),
        ),
        el('dt', {}, t('committedAt')),
        el('dd', {}, shanghaiTime(d.committedAt)),
        el('dt', {}, t('entropyUntil')),
        el('dd', {}, shanghaiTime(d.entropyUntil)),
      ),
      hashes(d, t),
      el(
        'section',
        { class: 'by-number', 'aria-labelledby': 'verify-title' },
        el('h2', { id: 'verify-title' }, t('verifyTitle')),
        el('p', {}, made ? t('verifyLead') : t('notYet')),
        button,
        el('div', { 'aria-live': 'polite' }, verdict),
      ),
      ...(selected.length
        ? [
            el('h2', {}, t('result'), ` · ${t('selected', { n: selected.length })}`),
            ...selected.map((s) =>
              el(
                'article',
                { class: 'entry', 'data-uscc': s.uscc },
                el(
                  'dl',
                  { class: 'facts' },
                  el('dt', {}, t('enterprise')),
                  el('dd', {}, s.uscc),
                  el('dt', {}, t('licence')),
                  el('dd', { translate: 'no' }, s.id),
                  el('dt', {}, t('reason')),
                  el('dd', {}, s.reason in WORDS ? t(s.reason as Key) : s.reason),
                  el('dt', {}, t('inspectors')),
                  el('dd', { translate: 'no' }, s.inspectors.join('、')),
                ),
              ),
            ),
          ]
        : []),
      el('h2', {}, t('files')),
      el(
        'ul',
        {},
        el('li', {}, el('a', { href: `/v1/public/draws/${encodeURIComponent(d.drawId)}` }, t('drawFile'))),
        el('li', {}, el('a', { href: d.links.roster }, t('rosterFile'))),
        d.links.result ? el('li', {}, el('a', { href: d.links.result }, t('resultFile'))) : undefined,
      ),
    );
    return { subtitle: drawTitle(d, lang, t) };
  });
}

const one = /^\/draws\/([^/]+)$/.exec(location.pathname);
void (one ? drawPage(pathSegment(one[1]!)) : listPage());
