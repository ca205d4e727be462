import { el, identifier, type Lang, mountPage, translator, type Words } from '../shared/i18n';
import { provinceName } from '../shared/provinces';

/**
 * The severely dishonest list (DOMAIN C3), as published: each enterprise with its credit code, region, the
 * agency that keeps its credit, since when it is listed and the records that put it there — no personal data.
 * Paged with the API's cursor.
 */
const WORDS = {
  title: { zh: '严重失信主体名单', en: 'Severely dishonest enterprises' },
  lead: {
    zh: '因严重违法失信行为被列入名单的电力企业。信用修复后即移出名单。',
    en: 'Electric-power enterprises listed for serious breaches of law and trust; an enterprise leaves the list once its credit is repaired.',
  },
  uscc: { zh: '统一社会信用代码', en: 'Credit code' },
  region: { zh: '行政区划', en: 'Region' },
  since: { zh: '列入日期', en: 'Listed since' },
  records: { zh: '失信记录', en: 'Records' },
  more: { zh: '下一页', en: 'Next page' },
  none: { zh: '目前名单中没有企业。', en: 'No enterprise is listed now.' },
  penalty: { zh: '行政处罚', en: 'Administrative penalty' },
  inspection: { zh: '监督检查', en: 'Inspection' },
  'false-commitment': { zh: '虚假承诺', en: 'False commitment' },
  complaint: { zh: '投诉举报查实', en: 'Substantiated complaint' },
} satisfies Words<string>;
type Key = keyof typeof WORDS;

interface Listed {
  uscc: string;
  name: string;
  regionCode: string;
  agencyId: string;
  listedSince: string;
  records: { recordId: string; source: string; sourceRef: string; decidedAt: string; facts?: string }[];
}

async function start(): Promise<void> {
  const items: Listed[] = [];
  let cursor: string | undefined;
  let done = false;
  const loadMore = async () => {
    const res = await fetch(`/v1/public/dishonest-enterprises?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = (await res.json()) as { items: Listed[]; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
    done = !cursor;
  };
  const render = (lang: Lang, main: HTMLElement) => {
    const t = translator(WORDS, lang);
    // One card per enterprise: a phone shows it whole, without sideways scrolling.
    const cards = items.map((e) =>
      el(
        'article',
        { class: 'entry', 'data-uscc': e.uscc, 'aria-label': e.name },
        el('h2', {}, e.name),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, t('uscc')),
          el('dd', {}, e.uscc),
          el('dt', {}, t('region')),
          el('dd', {}, `${provinceName(e.regionCode, lang)}（${e.regionCode}）`),
          el('dt', {}, t('since')),
          el('dd', {}, e.listedSince.slice(0, 10)),
          el('dt', {}, t('records')),
          el(
            'dd',
            {},
            // Each record: where it comes from, its reference (an identifier: a decision or inspection number), when, and what was found.
            ...e.records.map((r) =>
              el(
                'span',
                { class: 'record' },
                `${r.source in WORDS ? t(r.source as Key) : r.source} `,
                identifier(r.sourceRef),
                `（${r.decidedAt}）`,
                ...(r.facts ? [el('span', { class: 'facts-text' }, `：${r.facts}`)] : []),
              ),
            ),
          ),
        ),
      ),
    );
    const more = el('button', { type: 'button', class: 'more' }, t('more'));
    more.onclick = async () => {
      await loadMore();
      render(lang, main);
    };
    main.replaceChildren(el('p', { class: 'lead' }, t('lead')), ...(items.length ? cards : [el('p', {}, t('none'))]));
    if (!done) main.append(more);
  };
  await loadMore();
  mountPage(WORDS.title, render);
}

void start();
