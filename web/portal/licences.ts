import QRCode from 'qrcode';
import { guideConfig, matterIdOf } from '../../functions/licensing/domain/guide';
import { renewalReminderDay } from '../../functions/licensing/domain/license';
import { addCalendarDays } from '../../functions/platform/calendar';
import { el, type Lang } from '../shared/i18n';
import { api, download } from '../shared/sign-in';
import { shanghaiTime, today } from '../shared/time';
import type { Key, T } from './words';

/**
 * The enterprise's licences in the portal (E1–E3; Art. 50): each with its status, the electronic licence's QR code
 * (the verification page's address, as on the paper licence), the paper PDF, its history, and what may be applied
 * for on it — renewal from the reminder day (90 days before expiry) and at the latest 30 days before, change and
 * cancellation — each starting an application from the guide with the licence named.
 */
export interface PortalLicence {
  licenseNo: string;
  version: number;
  status: string;
  holder: { uscc: string; name: string };
  licenseClass: string;
  level?: number;
  scope: string;
  validFrom: string;
  validUntil: string;
  history?: { event: string; at: string; version: number }[];
}
interface Electronic {
  verificationUrl: string;
}

export const loadLicences = async (uscc: string): Promise<PortalLicence[]> =>
  (await api<{ items: PortalLicence[] }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/licenses?limit=100`)).items;

export async function loadLicence(no: string): Promise<{ licence: PortalLicence; electronic?: Electronic } | null> {
  const licence = await api<PortalLicence>('GET', `/v1/licenses/${encodeURIComponent(no)}`).catch(() => null);
  if (!licence) return null;
  const electronic = await api<Electronic>('GET', `/v1/licenses/${encodeURIComponent(no)}/electronic`).catch(() => undefined);
  return { licence, ...(electronic ? { electronic } : {}) };
}

const SVG = 'http://www.w3.org/2000/svg';

/** The QR code as SVG drawn from its modules (no HTML strings, no image the CSP would have to allow): one path of dark squares. */
function qrSvg(text: string, label: string): SVGSVGElement {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = modules.size + quiet * 2;
  let d = '';
  for (let y = 0; y < modules.size; y++) for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

export function licencesList(licences: readonly PortalLicence[], t: T, link: (href: string, text: string) => HTMLElement): HTMLElement {
  return licences.length
    ? el(
        'ul',
        { class: 'licences' },
        ...licences.map((l) =>
          el(
            'li',
            { 'data-licence': l.licenseNo },
            link(`/portal/licences/${l.licenseNo}`, l.licenseNo),
            ` · ${l.scope} · ${t(`licence-${l.status}` as Key)} · ${t('validTo', { date: l.validUntil })}`,
          ),
        ),
      )
    : el('p', {}, t('noLicences'));
}

export function licencePage(
  { licence: l, electronic }: { licence: PortalLicence; electronic?: Electronic },
  t: T,
  lang: Lang,
  link: (href: string, text: string) => HTMLElement,
): HTMLElement[] {
  const opens = renewalReminderDay(l);
  const latest = addCalendarDays(l.validUntil, -guideConfig.timeLimits.renewalLeadDays.value);
  const now = today();
  const valid = l.status === 'valid';
  const pdf = el('button', { type: 'button', class: 'primary', id: 'paper-pdf' }, t('paperPdf'));
  pdf.onclick = () => void download(`/v1/licenses/${encodeURIComponent(l.licenseNo)}/paper.pdf`, `${l.licenseNo}.pdf`);
  const apply = (kind: string) =>
    link(`/portal/apply/${matterIdOf(l.licenseClass, l.level, kind)}?licenseNo=${encodeURIComponent(l.licenseNo)}`, t(`apply-${kind}` as Key));
  return [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${t('licence')} ${l.licenseNo}`),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('status')),
      el('dd', { 'data-status': l.status }, t(`licence-${l.status}` as Key)),
      el('dt', {}, t('holder')),
      el('dd', {}, l.holder.name),
      el('dt', {}, t('scope')),
      el('dd', {}, l.scope),
      el('dt', {}, t('validity')),
      el('dd', {}, `${l.validFrom} – ${l.validUntil}`),
      el('dt', {}, t('version')),
      el('dd', {}, String(l.version)),
    ),
    ...(electronic
      ? [
          el('h3', {}, t('electronic')),
          el(
            'figure',
            { class: 'qr-figure' },
            qrSvg(electronic.verificationUrl, t('qrLabel', { no: l.licenseNo })),
            el('figcaption', {}, el('a', { href: electronic.verificationUrl, id: 'verification-url' }, t('verifyOnline'))),
          ),
        ]
      : []),
    el('p', {}, pdf),
    el('h3', {}, t('licenceActions')),
    el(
      'ul',
      { class: 'licence-actions' },
      el(
        'li',
        { 'data-renewal': valid && now >= opens && now <= latest ? 'open' : 'closed' },
        valid && now >= opens && now <= latest ? apply('renewal') : t('renewalWhen', { opens, latest }),
      ),
      ...(valid ? [el('li', {}, apply('change')), el('li', {}, apply('cancellation'))] : []),
    ),
    el('h3', {}, t('history')),
    el(
      'ol',
      { class: 'timeline' },
      ...(l.history ?? []).map((h) => el('li', {}, `${shanghaiTime(h.at)} · ${t(`event-${h.event}` as Key)} · ${t('versionN', { n: h.version })}`)),
    ),
    el('p', { class: 'small' }, t('equalValidity')),
  ];
}
