import { el, mountPage, translator, type Words } from '../shared/i18n';
import { bars } from '../shared/charts';
import { HOTLINE_WORDS } from '../shared/hotline-words';
import { provinceName } from '../shared/provinces';

/**
 * The monthly statistics of the 12398 energy hotline (DOMAIN P5), as published: the work orders of a month by
 * type, business area, province, channel and outcome, and how many acceptance, handling and answer periods were
 * kept. Bar charts drawn as SVG with their numbers written out (the chart is also a list a screen reader reads).
 */
const WORDS = {
  title: { zh: '12398 热线统计', en: '12398 hotline statistics' },
  month: { zh: '月份', en: 'Month' },
  show: { zh: '查看', en: 'Show' },
  total: { zh: '{month} 共受理诉求 {n} 件', en: '{n} work orders in {month}' },
  provisional: { zh: '本月尚未结束，数据截至 {asOf}。', en: 'The month is not over: figures as of {asOf}.' },
  byType: { zh: '按诉求类型', en: 'By type' },
  byBusinessArea: { zh: '按业务领域', en: 'By business area' },
  byRegion: { zh: '按省份', en: 'By province' },
  byChannel: { zh: '按渠道', en: 'By channel' },
  byOutcome: { zh: '按办理结果', en: 'By outcome' },
  onTime: { zh: '按时办理', en: 'On time' },
  acceptance: { zh: '受理', en: 'Acceptance' },
  handling: { zh: '办理', en: 'Handling' },
  answer: { zh: '答复', en: 'Answer' },
  rate: { zh: '{kept}/{ended} 件按时（{pct}）', en: '{kept} of {ended} on time ({pct})' },
  none: { zh: '暂无', en: 'none yet' },
  ...HOTLINE_WORDS,
  refused: { zh: '不予受理', en: 'Refused' },
  substantiated: { zh: '查证属实', en: 'Substantiated' },
  'not-substantiated': { zh: '查证不实', en: 'Not substantiated' },
  answered: { zh: '已答复（咨询）', en: 'Answered (consultation)' },
  open: { zh: '办理中', en: 'In progress' },
} satisfies Words<string>;
type Key = keyof typeof WORDS;

interface OnTime {
  ended: number;
  kept: number;
  rate: number | null;
}
interface Statistics {
  month: string;
  total: number;
  byType: Record<string, number>;
  byBusinessArea: Record<string, number>;
  byRegion: { provinceCode: string; count: number }[];
  byChannel: Record<string, number>;
  byOutcome: Record<string, number>;
  onTime: { acceptance: OnTime; handling: OnTime; answer: OnTime };
  asOf: string;
  final: boolean;
}

function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

async function start(): Promise<void> {
  const month = new URLSearchParams(location.search).get('month') ?? lastMonth();
  const res = await fetch(`/v1/public/hotline-statistics?month=${encodeURIComponent(month)}`);
  const stats = res.ok ? ((await res.json()) as Statistics) : undefined;
  mountPage(WORDS.title, (lang, main) => {
    const t = translator(WORDS, lang);
    const name = (k: string) => (k in WORDS ? t(k as Key) : k);
    const picker = el(
      'form',
      { class: 'row month', method: 'get', action: '/statistics' },
      el('label', { for: 'month' }, t('month')),
      el('input', { id: 'month', name: 'month', type: 'month', value: month, required: '' }),
      el('button', { type: 'submit' }, t('show')),
    );
    if (!stats) return void main.replaceChildren(picker);
    const pct = (o: OnTime) => (o.rate === null ? t('none') : t('rate', { kept: o.kept, ended: o.ended, pct: `${Math.round(o.rate * 1000) / 10}%` }));
    const entries = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => [name(k), n] as [string, number]);
    main.replaceChildren(
      picker,
      el('p', { class: 'lead', 'data-total': String(stats.total) }, t('total', { month: stats.month, n: stats.total })),
      ...(stats.final ? [] : [el('p', { class: 'note' }, t('provisional', { asOf: stats.asOf.slice(0, 16).replace('T', ' ') }))]),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, `${t('onTime')} · ${t('acceptance')}`),
        el('dd', {}, pct(stats.onTime.acceptance)),
        el('dt', {}, `${t('onTime')} · ${t('handling')}`),
        el('dd', {}, pct(stats.onTime.handling)),
        el('dt', {}, `${t('onTime')} · ${t('answer')}`),
        el('dd', {}, pct(stats.onTime.answer)),
      ),
      bars(t('byType'), entries(stats.byType)),
      bars(t('byBusinessArea'), entries(stats.byBusinessArea)),
      bars(t('byChannel'), entries(stats.byChannel)),
      bars(t('byOutcome'), entries(stats.byOutcome)),
      bars(
        t('byRegion'),
        stats.byRegion.map((r) => [provinceName(r.provinceCode, lang), r.count]),
      ),
    );
  });
}

void start();
