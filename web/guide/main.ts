import { levelName } from '../../functions/licensing/domain/levels';
import { el, type Lang, mountPage, translator, type Words } from '../shared/i18n';
import { pathSegment } from '../shared/paths';

/**
 * The service guide (DOMAIN L3): every licensing matter, and for one matter what to bring, the conditions,
 * every statutory time limit with its legal basis, and the fee — nothing (行政许可法 第五十八条). `/guide` lists
 * the matters by licence class; `/guide/<matter>` shows one.
 */
const WORDS = {
  title: { zh: '办事指南', en: 'Service guide' },
  lead: {
    zh: '电力业务许可证和承装（修、试）电力设施许可证的全部许可事项：全程网上办理，材料一次告知，不收取任何费用。',
    en: 'Every matter of the electric-power business licence and the power-facility licence: fully online, every missing item told at once, no fee.',
  },
  back: { zh: '← 全部事项', en: '← All matters' },
  materials: { zh: '申请材料', en: 'Materials' },
  reusable: { zh: '可复用：已在材料库中且在有效期内的，无需再次提交', en: 'Reusable: if already in your vault and valid, not needed again' },
  conditions: { zh: '许可条件', en: 'Conditions' },
  timeLimits: { zh: '办理时限', en: 'Time limits' },
  acceptanceWorkingDays: { zh: '受理', en: 'Acceptance' },
  decisionWorkingDays: { zh: '审查决定', en: 'Decision' },
  extensionMaxWorkingDays: { zh: '决定期限最多可延长', en: 'Decision may be extended by at most' },
  issuanceWorkingDays: { zh: '颁发证件', en: 'Issuance' },
  publicationWorkingDays: { zh: '结果公示', en: 'Publication of the decision' },
  renewalLeadDays: { zh: '延续申请不晚于有效期届满前', en: 'Apply for renewal at the latest, before expiry' },
  workingDays: { zh: '{n} 个工作日', en: '{n} working days' },
  days: { zh: '{n} 日', en: '{n} days' },
  fee: { zh: '收费', en: 'Fee' },
  free: { zh: '不收费（0 元）', en: 'None (CNY 0)' },
  validity: { zh: '许可证有效期', en: 'Licence validity' },
  years: { zh: '{n} 年', en: '{n} years' },
  notFound: { zh: '没有这个事项。', en: 'No such matter.' },
  new: { zh: '首次申请', en: 'New' },
  change: { zh: '变更', en: 'Change' },
  renewal: { zh: '延续', en: 'Renewal' },
  cancellation: { zh: '注销', en: 'Cancellation' },
  level: { zh: '{n}：', en: 'Level {n}: ' },
  online: { zh: '在线办理', en: 'Apply online' },
  onlineLead: { zh: '全程网上办理，无需到现场，不收费。', en: 'Fully online, no visit, no fee.' },
  fromLicence: {
    zh: '{kind}从贵企业的许可证办理：登录“企业在线办理”，在“我的许可证”中选择这张许可证。',
    en: 'A {kind} starts from your licence: sign in to “Apply online” and choose the licence under “My licences”.',
  },
  listOnline: { zh: '已准备好材料？', en: 'Ready with your materials?' },
} satisfies Words<string>;
type Key = keyof typeof WORDS;

interface Matter {
  matterId: string;
  kind: string;
  licenseClass: string;
  className: string;
  classNameEn: string;
  level?: number;
  name: string;
  nameEn: string;
  licenseValidityYears: number;
  materials: { materialType: string; name: string; nameEn: string; reusable: boolean }[];
  conditions: string[];
  conditionsEn: string[];
  timeLimits: Record<string, { value: number; basis: string; basisEn: string }>;
  feeCny: 0;
  feeBasis: string;
  feeBasisEn: string;
}

const LIMITS = [
  'acceptanceWorkingDays',
  'decisionWorkingDays',
  'extensionMaxWorkingDays',
  'issuanceWorkingDays',
  'publicationWorkingDays',
  'renewalLeadDays',
] as const;

function list(t: ReturnType<typeof translator<Key>>, lang: Lang, matters: Matter[]): HTMLElement {
  const byClass = new Map<string, Matter[]>();
  for (const m of matters) byClass.set(m.licenseClass, [...(byClass.get(m.licenseClass) ?? []), m]);
  const section = el(
    'section',
    { 'aria-labelledby': 'page-title' },
    el('p', { class: 'lead' }, t('lead')),
    el('p', {}, `${t('listOnline')} `, el('a', { class: 'button-start', href: '/portal/', role: 'button', draggable: 'false' }, t('online'), ' →')),
  );
  for (const group of byClass.values()) {
    section.append(el('h2', {}, lang === 'zh' ? group[0]!.className : group[0]!.classNameEn));
    // One row per level (a class without levels has one), its matters by kind; each link named in full for screen readers.
    const byLevel = new Map<number, Matter[]>();
    for (const m of group) byLevel.set(m.level ?? 0, [...(byLevel.get(m.level ?? 0) ?? []), m]);
    const ul = el('ul', { class: 'matters' });
    for (const [level, row] of byLevel) {
      const links = row.flatMap((m, i) => [
        ...(i ? [' · '] : []),
        el('a', { href: `/guide/${encodeURIComponent(m.matterId)}`, 'aria-label': lang === 'zh' ? m.name : m.nameEn }, t(m.kind as Key)),
      ]);
      ul.append(el('li', {}, ...(level ? [el('span', { class: 'level' }, t('level', { n: levelName(level, lang) }))] : []), ...links));
    }
    section.append(ul);
  }
  return section;
}

/**
 * The way in (GOV.UK's start button): a new application opens the portal's page for this matter; a change, renewal or
 * cancellation starts from the licence itself, in the portal's licences.
 */
function onlineStart(t: ReturnType<typeof translator<Key>>, m: Matter): HTMLElement {
  const fresh = m.kind === 'new';
  return el(
    'div',
    { class: 'start', 'data-online': m.matterId },
    el('p', {}, t('onlineLead'), fresh ? '' : ` ${t('fromLicence', { kind: t(m.kind as Key) })}`),
    el(
      'a',
      { class: 'button-start', href: fresh ? `/portal/apply/${encodeURIComponent(m.matterId)}` : '/portal/', role: 'button', draggable: 'false' },
      t('online'),
      ' →',
    ),
  );
}

function detail(t: ReturnType<typeof translator<Key>>, lang: Lang, m: Matter): HTMLElement {
  const name = (x: { name: string; nameEn: string }) => (lang === 'zh' ? x.name : x.nameEn);
  const limits = el('dl', { class: 'facts' });
  for (const k of LIMITS) {
    const limit = m.timeLimits[k];
    if (!limit) continue;
    limits.append(
      el('dt', {}, t(k)),
      el(
        'dd',
        {},
        t(k === 'renewalLeadDays' ? 'days' : 'workingDays', { n: limit.value }),
        el('span', { class: 'basis' }, lang === 'zh' ? limit.basis : limit.basisEn),
      ),
    );
  }
  return el(
    'article',
    { 'aria-labelledby': 'matter' },
    el('p', {}, el('a', { href: '/guide' }, t('back'))),
    el('h2', { id: 'matter' }, name(m)),
    onlineStart(t, m),
    el('h3', {}, t('materials')),
    el('ul', { class: 'materials' }, ...m.materials.map((x) => el('li', {}, name(x), x.reusable ? el('span', { class: 'basis' }, t('reusable')) : undefined))),
    m.conditions.length ? el('h3', {}, t('conditions')) : undefined,
    m.conditions.length ? el('ul', {}, ...(lang === 'zh' ? m.conditions : m.conditionsEn).map((c) => el('li', {}, c))) : undefined,
    el('h3', {}, t('timeLimits')),
    limits,
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('validity')),
      el('dd', {}, t('years', { n: m.licenseValidityYears })),
      el('dt', {}, t('fee')),
      el('dd', { 'data-fee': String(m.feeCny) }, t('free'), el('span', { class: 'basis' }, lang === 'zh' ? m.feeBasis : m.feeBasisEn)),
    ),
  );
}

async function start(): Promise<void> {
  const id = /^\/guide\/([^/]+)$/.exec(location.pathname)?.[1];
  const matters = ((await (await fetch('/v1/guide/matters')).json()) as { items: Matter[] }).items;
  const matter = id ? matters.find((m) => m.matterId === pathSegment(id)) : undefined;
  mountPage(WORDS.title, (lang, main) => {
    const t = translator(WORDS, lang);
    main.replaceChildren(id ? (matter ? detail(t, lang, matter) : el('p', { role: 'alert' }, t('notFound'))) : list(t, lang, matters));
    return { subtitle: matter && (lang === 'zh' ? matter.name : matter.nameEn) };
  });
}

void start();
