import { usccCharactersOnly, usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import { agencyForRegion } from '../../functions/platform/regions';
import { type ActionForm, actionSection, textField } from '../shared/forms';
import { el, type Lang } from '../shared/i18n';
import { PROVINCES } from '../shared/provinces';
import type { Key, T } from './words';

/**
 * Registering the signed-in enterprise: its unified social credit code checked as it is typed — its characters,
 * its check character (GB 32100-2015) and the region its 3rd–8th characters name, with the agency that will
 * handle its cases — then its name, legal representative, address and who is told of its cases.
 */
/** What the code says so far, as the applicant types it. */
export function usccHint(code: string, signedIn: string | undefined, t: T, lang: Lang): { ok: boolean; text: string } {
  const c = code.trim().toUpperCase();
  if (!c) return { ok: false, text: t('usccType') };
  if (!usccCharactersOnly(c)) return { ok: false, text: t('usccLetters') };
  if (c.length < 18) return { ok: false, text: t('usccLength', { n: c.length }) };
  if (c.length > 18) return { ok: false, text: t('usccTooLong') };
  const check = usccCheckCharacter(c.slice(0, 17));
  if (check !== c[17]) return { ok: false, text: t('usccCheck', { expected: check }) };
  const region = c.slice(2, 8);
  const province = PROVINCES[region.slice(0, 2)];
  const agency = agencyForRegion(region);
  if (!province || !agency) return { ok: false, text: t('usccRegion', { region }) };
  if (signedIn && c !== signedIn) return { ok: false, text: t('usccNotYours', { code: signedIn }) };
  return { ok: true, text: t('usccOk', { province: province[lang], region, agency: lang === 'zh' ? agency.name : agency.nameEn }) };
}

export function registerPage(signedIn: string | undefined, t: T, lang: Lang, done: () => Promise<void>): HTMLElement[] {
  const form: ActionForm<Key> = {
    action: 'register',
    route: 'registerEnterprise',
    path: '/v1/enterprises',
    title: (t) => t('registerTitle'),
    fields: (t, lang) => {
      const code = textField('uscc', t('uscc'), signedIn ?? '');
      const input = code.querySelector('input')!;
      input.setAttribute('maxlength', '18');
      input.setAttribute('autocapitalize', 'characters');
      input.setAttribute('aria-describedby', 'uscc-hint');
      const hint = el('p', { id: 'uscc-hint', class: 'small', 'aria-live': 'polite' });
      const region = textField('regionCode', t('regionCode'), signedIn?.slice(2, 8) ?? '');
      const show = () => {
        const h = usccHint(input.value, signedIn, t, lang);
        hint.textContent = h.text;
        hint.className = `small ${h.ok ? 'ok-text' : 'bad-text'}`;
        hint.dataset.ok = String(h.ok);
        if (h.ok) region.querySelector('input')!.value = input.value.trim().toUpperCase().slice(2, 8);
      };
      input.oninput = show;
      show();
      code.append(hint);
      // The right keyboard on a phone, and the browser's own autofill (WCAG 1.3.5).
      const typed = (field: HTMLElement, attrs: Record<string, string>) => {
        for (const [k, v] of Object.entries(attrs)) field.querySelector('input')!.setAttribute(k, v);
        return field;
      };
      return [
        code,
        typed(textField('name', t('enterpriseName')), { autocomplete: 'organization' }),
        typed(region, { inputmode: 'numeric', maxlength: '6' }),
        typed(textField('legalRepresentative', t('legalRepresentative')), { autocomplete: 'off' }),
        typed(textField('address', t('address')), { autocomplete: 'street-address' }),
        typed(textField('contactName', t('contactName')), { autocomplete: 'name' }),
        typed(textField('email', t('email')), { type: 'email', inputmode: 'email', autocomplete: 'email' }),
        typed(textField('mobile', t('mobile')), { type: 'tel', inputmode: 'numeric', autocomplete: 'tel', maxlength: '11' }),
      ];
    },
    // The contact's fields are the body's `contact.*`: each problem under its own field.
    fieldFor: (path) => ({ '$.body.contact.name': 'contactName', '$.body.contact.email': 'email', '$.body.contact.mobile': 'mobile' })[path],
    body: (f) => {
      const s = (k: string) => String(f.get(k) ?? '').trim();
      const contact = s('contactName') || s('email') || s('mobile');
      return {
        uscc: s('uscc').toUpperCase(),
        name: s('name'),
        regionCode: s('regionCode'),
        legalRepresentative: { name: s('legalRepresentative') },
        ...(s('address') ? { address: s('address') } : {}),
        ...(contact
          ? { contact: { name: s('contactName'), ...(s('email') ? { email: s('email') } : {}), ...(s('mobile') ? { mobile: s('mobile') } : {}) } }
          : {}),
      };
    },
  };
  return [
    el('h2', { tabindex: '-1' }, t('registerTitle')),
    el('p', { class: 'lead' }, t('registerLead')),
    actionSection([form], t, lang, done, 'registerSection'),
  ];
}
