import type { JWK } from 'jose';
import { type QrToken, verifyQrToken } from '../../functions/licenses/domain/qr-token';
import { levelName } from '../../functions/licensing/domain/levels';
import { el, type Lang, mountPage, translator, withIdentifiers, type Words } from '../shared/i18n';
import { pathSegment } from '../shared/paths';
import { shanghaiTime } from '../shared/time';

/**
 * The verification page (DOMAIN E3): what a phone opens from a paper licence's QR code, `/v/<token>`.
 * It checks the seal here, in the browser, against the published keys (kept for offline use), then asks
 * the register for the licence's status now; and it takes a typed licence number. It says in large,
 * plain words whether the licence is authentic and valid now, and what to do if it is not.
 */
const WORDS = {
  title: { zh: '电子许可证核验', en: 'Licence verification' },
  checking: { zh: '正在核验…', en: 'Verifying…' },
  valid: { zh: '有效', en: 'Valid' },
  validLead: { zh: '此许可证真实，且当前有效。', en: 'This licence is authentic and valid now.' },
  suspended: { zh: '已暂扣', en: 'Suspended' },
  suspendedLead: {
    zh: '此许可证真实，但目前被暂扣，持证单位不得从事许可事项。',
    en: 'This licence is authentic but suspended: the holder may not do the licensed work now.',
  },
  revoked: { zh: '已吊销', en: 'Revoked' },
  revokedLead: { zh: '此许可证真实，但已被吊销，不再有效。', en: 'This licence is authentic but has been revoked: it is no longer valid.' },
  expired: { zh: '已过期', en: 'Expired' },
  expiredLead: { zh: '此许可证真实，但已超过有效期。', en: 'This licence is authentic but past its validity.' },
  cancelled: { zh: '已注销', en: 'Cancelled' },
  cancelledLead: { zh: '此许可证真实，但已注销，不再有效。', en: 'This licence is authentic but has been cancelled: it is no longer valid.' },
  forged: { zh: '非真实', en: 'Not authentic' },
  forgedLead: {
    zh: '此二维码不是发证机关签发的，或其内容已被改动。请勿据此办理任何业务。',
    en: 'This code was not issued by the licensing authority, or its content was changed. Do not rely on it.',
  },
  unknown: { zh: '状态未知', en: 'Status unknown' },
  unknownLead: {
    zh: '签章真实（已在本机离线核验），但暂时无法连接许可证登记系统，无法确认当前状态。请联网后重试。',
    en: 'The seal is authentic (verified on this device, offline), but the register cannot be reached to confirm the status now. Try again when online.',
  },
  superseded: {
    zh: '注意：此二维码对应第 {v} 版，该许可证现为第 {c} 版，请以最新版本为准。',
    en: 'Note: this code is for version {v}; the licence is now at version {c}. The newest version prevails.',
  },
  notValidAdvice: {
    zh: '如持证单位仍以此许可证承揽业务，可拨打 12398 能源监管热线反映。',
    en: 'If the holder still works under this licence, report it to the 12398 energy regulation hotline.',
  },
  holder: { zh: '持证单位', en: 'Holder' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  licenseNo: { zh: '许可证编号', en: 'Licence number' },
  licenseClass: { zh: '许可类别', en: 'Class' },
  level: { zh: '等级', en: 'Level' },
  scope: { zh: '许可范围', en: 'Scope' },
  validity: { zh: '有效期限', en: 'Validity' },
  validityRange: { zh: '{from} 至 {until}', en: '{from} to {until}' },
  issuer: { zh: '发证机关', en: 'Issuing authority' },
  checkedAt: { zh: '核验时间：{at}（北京时间）', en: 'Checked at {at} (Beijing time)' },
  sealNote: { zh: '电子签章已在本机核验（密钥 {kid}）。', en: 'The electronic seal was verified on this device (key {kid}).' },
  byNumber: { zh: '按许可证编号查询', en: 'Look up by licence number' },
  numberLabel: { zh: '许可证编号（如 FI3-FJ-2026-0000177）', en: 'Licence number (e.g. FI3-FJ-2026-0000177)' },
  search: { zh: '查询', en: 'Look up' },
  notFound: { zh: '登记系统中没有编号为 {no} 的许可证。', en: 'The register has no licence {no}.' },
  badNumber: { zh: '编号格式或校验位不正确，请核对后重新输入。', en: 'The number is not well formed or its check character is wrong; check it and try again.' },
  registerOnly: {
    zh: '按编号查询只显示登记系统中的记录，不核验纸质许可证上的签章；请扫描二维码核验真伪。',
    en: 'A look-up by number shows the register’s record; it does not check a paper licence’s seal — scan its QR code for that.',
  },
} satisfies Words<string>;
type Key = keyof typeof WORDS;

type Status = 'valid' | 'suspended' | 'revoked' | 'expired' | 'cancelled';
interface LicenseView {
  holder: { name: string; uscc: string };
  className: { zh: string; en: string };
  level?: number;
  scope: string;
  validFrom: string;
  validUntil: string;
  issuer: { name: string; nameEn: string };
}
type Verification =
  | { authentic: false; reason: string }
  | {
      authentic: true;
      licenseNo: string;
      version: number;
      currentVersion: number | null;
      superseded: boolean | null;
      status: Status | 'unknown';
      license?: LicenseView;
    };

const KEYS_CACHE = 'pp.jwks';

async function issuingKeys(): Promise<JWK[]> {
  try {
    const res = await fetch('/v1/public/keys');
    if (!res.ok) throw new Error(String(res.status));
    const { keys } = (await res.json()) as { keys: JWK[] };
    localStorage.setItem(KEYS_CACHE, JSON.stringify(keys));
    return keys;
  } catch {
    // Offline: the keys kept from the last visit (they change only when the authority rotates its key).
    return JSON.parse(localStorage.getItem(KEYS_CACHE) ?? '[]') as JWK[];
  }
}

async function registerSays(token: string): Promise<Verification | undefined> {
  try {
    const res = await fetch('/v1/public/verifications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return res.ok ? ((await res.json()) as Verification) : undefined;
  } catch {
    return undefined;
  }
}

function render(
  lang: Lang,
  main: HTMLElement,
  state: { token?: string; local?: Awaited<ReturnType<typeof verifyQrToken>>; register?: Verification; checkedAt?: string },
) {
  const t = translator(WORDS, lang);
  main.replaceChildren();
  if (state.token !== undefined) {
    if (!state.local) {
      main.append(el('p', { class: 'checking', role: 'status' }, t('checking')));
    } else {
      main.append(verdict(t, lang, state.local, state.register));
      // When it was checked: a verdict is of its moment (a licence valid now may be revoked tomorrow).
      if (state.checkedAt) main.append(el('p', { class: 'small', 'data-checked-at': state.checkedAt }, t('checkedAt', { at: shanghaiTime(state.checkedAt) })));
    }
  }
  main.append(numberForm(t, lang));
}

function verdict(
  t: ReturnType<typeof translator<Key>>,
  lang: Lang,
  local: Awaited<ReturnType<typeof verifyQrToken>>,
  register: Verification | undefined,
): HTMLElement {
  if (!local.authentic) {
    return el(
      'section',
      { class: 'verdict bad', 'aria-labelledby': 'verdict' },
      el('h2', { id: 'verdict', 'data-status': 'not-authentic' }, t('forged')),
      el('p', { class: 'lead' }, t('forgedLead')),
      el('p', {}, t('notValidAdvice')),
    );
  }
  const token: QrToken = local.token;
  const status: Status | 'unknown' = register?.authentic ? register.status : 'unknown';
  const view = register?.authentic ? register.license : undefined;
  const good = status === 'valid';
  const section = el(
    'section',
    { class: `verdict ${good ? 'good' : status === 'unknown' ? 'unsure' : 'bad'}`, 'aria-labelledby': 'verdict' },
    el('h2', { id: 'verdict', 'data-status': status }, t(status)),
    el('p', { class: 'lead' }, t(`${status}Lead` as Key)),
    register?.authentic && register.superseded
      ? el('p', { class: 'note' }, t('superseded', { v: token.version, c: register.currentVersion ?? '' }))
      : undefined,
    !good && status !== 'unknown' ? el('p', {}, t('notValidAdvice')) : undefined,
  );
  const rows: [Key, string][] = [
    ['holder', view?.holder.name ?? ''],
    ['uscc', token.uscc],
    ['licenseNo', token.licenseNo],
    ...(view ? ([['licenseClass', view.className[lang]]] as [Key, string][]) : []),
    ...(view?.level ? ([['level', levelName(view.level, lang)]] as [Key, string][]) : []),
    ...(view ? ([['scope', view.scope]] as [Key, string][]) : []),
    ['validity', t('validityRange', { from: token.validFrom, until: token.validUntil })],
    ...(view ? ([['issuer', lang === 'zh' ? view.issuer.name : view.issuer.nameEn]] as [Key, string][]) : []),
  ];
  const list = el('dl', { class: 'facts' });
  for (const [k, v] of rows) if (v) list.append(el('dt', {}, t(k)), el('dd', {}, v));
  section.append(list, el('p', { class: 'small' }, ...withIdentifiers(t('sealNote', { kid: '\u0000' }), [local.kid.slice(0, 12)])));
  return section;
}

function numberForm(t: ReturnType<typeof translator<Key>>, lang: Lang): HTMLElement {
  const input = el('input', { id: 'licence-no', name: 'licenseNo', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: '' });
  const out = el('div', { role: 'status', 'aria-live': 'polite', class: 'lookup' });
  const form = el(
    'form',
    { class: 'by-number', 'aria-labelledby': 'by-number' },
    el('h2', { id: 'by-number' }, t('byNumber')),
    el('label', { for: 'licence-no' }, t('numberLabel')),
    el('div', { class: 'row' }, input, el('button', { type: 'submit' }, t('search'))),
    el('p', { class: 'small' }, t('registerOnly')),
    out,
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    const no = input.value.trim().toUpperCase();
    const res = await fetch(`/v1/public/licenses/${encodeURIComponent(no)}`);
    if (res.status === 400) return void out.replaceChildren(el('p', { class: 'bad-text' }, t('badNumber')));
    if (res.status === 404) return void out.replaceChildren(el('p', { class: 'bad-text' }, t('notFound', { no })));
    const l = (await res.json()) as LicenseView & { status: Status; licenseNo: string };
    out.replaceChildren(
      el('p', { class: `status-${l.status}` }, el('strong', { 'data-status': l.status }, t(l.status)), ` — ${l.holder.name}`),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, t('licenseNo')),
        el('dd', {}, l.licenseNo),
        el('dt', {}, t('licenseClass')),
        el('dd', {}, l.className[lang]),
        el('dt', {}, t('validity')),
        el('dd', {}, t('validityRange', { from: l.validFrom, until: l.validUntil })),
        el('dt', {}, t('issuer')),
        el('dd', {}, lang === 'zh' ? l.issuer.name : l.issuer.nameEn),
      ),
    );
  };
  // The register's pages link a licence here by its number (`/?licenseNo=`): it is looked up at once.
  const asked = new URLSearchParams(location.search).get('licenseNo');
  if (asked) {
    input.value = asked;
    queueMicrotask(() => form.requestSubmit());
  }
  return form;
}

async function start(): Promise<void> {
  const m = /^\/v\/(.+)$/i.exec(location.pathname);
  const state: Parameters<typeof render>[2] = { token: m ? pathSegment(m[1]!) : undefined };
  const repaint = mountPage(WORDS.title, (lang, main) => render(lang, main, state));
  if (state.token === undefined) return;
  // The seal first, here (it holds offline); then the register's word on the status now.
  state.local = await verifyQrToken(state.token, await issuingKeys());
  if (state.local.authentic) state.register = await registerSays(state.token);
  state.checkedAt = new Date().toISOString();
  repaint();
}

void start();
