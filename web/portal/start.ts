import { signIn } from '../shared/sign-in';
import { el } from '../shared/i18n';
import type { T } from './words';

/**
 * The portal's start page before sign-in (GOV.UK's start page pattern): what the service does, what to have ready,
 * how long it takes and that it costs nothing, then the one start button, which signs the enterprise in.
 */
export function startPage(root: string, t: T, failure: string | undefined): HTMLElement[] {
  const start = el('button', { type: 'button', class: 'button-start', id: 'sign-in' }, t('startButton'), ' →');
  start.onclick = () => void signIn(root);
  const list = (...items: (string | HTMLElement)[][]) => el('ul', {}, ...items.map((parts) => el('li', {}, ...parts)));
  return [
    el('h2', { tabindex: '-1' }, t('startTitle')),
    el('p', { class: 'lead' }, t('startLead')),
    el('h3', {}, t('startCan')),
    list([t('startCan1')], [t('startCan2')], [t('startCan3')], [t('startCan4')]),
    el('h3', {}, t('startNeed')),
    list([t('startNeed1')], [t('startNeed2')], [t('startNeed3')], [t('startNeed4'), ' ', el('a', { href: '/guide' }, t('startGuide'))]),
    el('h3', {}, t('startTime')),
    el('p', {}, t('startTimeText')),
    el('h3', {}, t('startFee')),
    el('p', { 'data-fee': '0' }, t('startFeeText')),
    ...(failure ? [el('p', { class: 'bad-text', role: 'alert' }, failure)] : []),
    el('div', { class: 'start' }, start),
    el('p', { class: 'small' }, t('startWho'), ' ', el('a', { href: '/staff/' }, t('startStaff'))),
  ];
}
