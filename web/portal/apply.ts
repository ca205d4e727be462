import { mayCommit } from '../../functions/licensing/domain/application';
import type { CreditClass } from '../../functions/credit/domain/credit-class';
import type { ApplicationDraft } from '../../functions/licensing/domain/draft';
import { fieldErrors } from '../../functions/platform/http/problem';
import { routes } from '../../functions/routes';
import { choices, textField } from '../shared/forms';
import { plainIssue, plainMessage } from '../shared/field-messages';
import { el, identifier, type Lang, withIdentifiers } from '../shared/i18n';
import { api, ApiProblem } from '../shared/sign-in';
import { shanghaiDay, shanghaiTime } from '../shared/time';
import { type GuideMatter, materialNames, uploadForm, usableOf, type VaultDocument } from './vault';
import type { T } from './words';

/**
 * Applying from the service guide (L1, L2, L7): the matters to choose from; for one, every material it needs with
 * what the vault already holds valid (attached by the platform itself: only the new ones are uploaded, here), the
 * commitment path offered only when the enterprise's credit allows it, with the published text to sign, the fee
 * (none), and a summary to confirm before it is sent.
 */
export interface ApplyState {
  matter: GuideMatter & { feeCny: number; feeBasis: string; feeBasisEn: string; timeLimits: Record<string, { value: number }> };
  docs: VaultDocument[];
  creditClass: CreditClass;
  commitmentText: string;
  /** Its English reading: the English page shows it beside the Chinese text that is signed. */
  commitmentTextEn: string;
  licenseNo?: string;
  /** The enterprise's saved draft of this matter (ADR 0017), filled in when the page opens. */
  draft?: ApplicationDraft;
}

/** The enterprise's drafts, newest first (the portal's home lists them). */
export const loadDrafts = async (uscc: string): Promise<ApplicationDraft[]> =>
  (await api<{ items: ApplicationDraft[] }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/application-drafts`)).items.sort((a, b) =>
    b.savedAt.localeCompare(a.savedAt),
  );

/** The guide's first-time matters, by licence class (renewal, change and cancellation start from the licence). */
export function mattersPage(matters: readonly GuideMatter[], t: T, lang: Lang, link: (href: string, text: string) => HTMLElement): HTMLElement[] {
  const fresh = matters.filter((m) => m.kind === 'new');
  return [
    el('h2', { tabindex: '-1' }, t('applyTitle')),
    el('p', { class: 'lead' }, t('applyLead')),
    el(
      'ul',
      { class: 'matters' },
      ...fresh.map((m) => el('li', { 'data-matter': m.matterId }, link(`/portal/apply/${m.matterId}`, lang === 'zh' ? m.name : m.nameEn))),
    ),
  ];
}

export async function loadApply(uscc: string, matterId: string, licenseNo: string | undefined, docs: VaultDocument[]): Promise<ApplyState | null> {
  const matter = await api<ApplyState['matter']>('GET', `/v1/guide/matters/${encodeURIComponent(matterId)}`).catch(() => null);
  if (!matter) return null;
  const [credit, commitment, drafts] = await Promise.all([
    api<{ creditClass: CreditClass }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/credit`),
    api<{ text: string; textEn: string }>('GET', '/v1/guide/commitment'),
    loadDrafts(uscc),
  ]);
  // A draft of another licence's renewal is not this one's.
  const draft = drafts.find((d) => d.matterId === matterId && d.licenseNo === licenseNo);
  return {
    matter,
    docs,
    creditClass: credit.creditClass,
    commitmentText: commitment.text,
    commitmentTextEn: commitment.textEn,
    ...(licenseNo ? { licenseNo } : {}),
    ...(draft ? { draft } : {}),
  };
}

/** The application form, then its summary; `submitted` goes to the new case. */
export function applyPage(
  uscc: string,
  s: ApplyState,
  t: T,
  lang: Lang,
  uploaded: () => Promise<void>,
  submitted: (caseId: string) => Promise<void>,
): HTMLElement[] {
  const names = materialNames([s.matter], lang);
  const m = s.matter;
  const rows = m.materials.map((x) => ({ ...x, doc: usableOf(s.docs, x.materialType) }));
  const allowed = mayCommit(s.creditClass);
  const materials = el(
    'ul',
    { class: 'materials' },
    ...rows.map((r, i) =>
      el(
        'li',
        // Focusable: the check-answers page's "change" brings the applicant back here.
        { 'data-material': r.materialType, 'data-in-vault': r.doc ? 'yes' : 'no', tabindex: '-1' },
        el('strong', {}, names.get(r.materialType) ?? r.materialType),
        ' · ',
        r.doc
          ? r.reusable
            ? el('span', { class: 'ok-text' }, t('inVault', { until: r.doc.validUntil ?? t('noExpiry') }))
            : // Not reused by itself (an application form is each application's): the applicant says this copy is for this one.
              el(
                'span',
                { class: 'field confirm' },
                el('input', { type: 'checkbox', id: `use-${i}`, name: 'use', value: r.doc.id, checked: '', form: 'apply-form' }),
                ' ',
                el('label', { for: `use-${i}` }, ...withIdentifiers(t('useForThis', { file: '\u0000' }), [r.doc.fileName])),
              )
          : el('span', { class: 'bad-text' }, t('notInVault')),
        r.doc
          ? ''
          : el(
              'details',
              {},
              el('summary', {}, t('uploadNow')),
              uploadForm(uscc, [[r.materialType, names.get(r.materialType) ?? r.materialType]], t, () => uploaded(), `m${i}`),
            ),
      ),
    ),
  );
  const form = el(
    'form',
    { class: 'action', 'data-action': 'apply', id: 'apply-form', novalidate: '' },
    allowed
      ? choices(
          'path',
          t('path'),
          [
            ['standard', t('standardPath')],
            ['commitment', t('commitmentPath')],
          ],
          'standard',
        )
      : el('p', { class: 'small', 'data-no-commitment': s.creditClass }, t('noCommitment', { class: t(`class-${s.creditClass}`) })),
    ...(allowed
      ? [
          el(
            'fieldset',
            { class: 'commitment', 'data-field': 'commitment', hidden: '' },
            el('legend', {}, t('commitmentText')),
            el('p', { class: 'letter', lang: 'zh-CN' }, s.commitmentText),
            ...(lang === 'en' ? [el('p', { class: 'small' }, t('commitmentReading'), ' ', s.commitmentTextEn)] : []),
            textField('signatory', t('signatory')),
            el(
              'div',
              { class: 'field confirm' },
              el('input', { type: 'checkbox', id: 'f-accept', name: 'accept' }),
              ' ',
              el('label', { for: 'f-accept' }, t('acceptText')),
            ),
          ),
        ]
      : []),
    el('p', { class: 'fee' }, t('fee', { basis: lang === 'zh' ? m.feeBasis : m.feeBasisEn })),
    el(
      'div',
      { class: 'confirm-buttons' },
      el('button', { type: 'submit' }, t('review')),
      el('button', { type: 'button', class: 'secondary', id: 'save-draft' }, t('saveDraft')),
    ),
  );
  // The commitment to sign is shown once its path is chosen.
  const showLetter = () => {
    const letter = form.querySelector<HTMLElement>('fieldset.commitment');
    if (letter) letter.hidden = new FormData(form).get('path') !== 'commitment';
  };
  form.addEventListener('change', showLetter);
  // Save and come back later (ADR 0017): the platform keeps what is chosen here as the enterprise's draft, at every
  // change and on the button; the page opens with it filled in. A save names the version it replaces.
  const draftStatus = el('p', { class: 'small', id: 'draft-status', role: 'status' });
  let draftVersion = s.draft?.version ?? 0;
  let saving = Promise.resolve();
  const savedLine = (d: ApplicationDraft, key: 'draftSaved' | 'draftRestored') => t(key, { at: shanghaiTime(d.savedAt), until: shanghaiDay(d.expiresAt) });
  const saveDraft = () =>
    (saving = saving.then(async () => {
      const f = new FormData(form);
      const signatory = String(f.get('signatory') ?? '').trim();
      try {
        const saved = await api<ApplicationDraft>('PUT', `/v1/enterprises/${encodeURIComponent(uscc)}/application-drafts/${encodeURIComponent(m.matterId)}`, {
          version: draftVersion,
          ...(s.licenseNo ? { licenseNo: s.licenseNo } : {}),
          ...(f.get('path') ? { path: f.get('path') } : {}),
          ...(signatory ? { signatory } : {}),
          documentIds: f.getAll('use').map(String),
        });
        draftVersion = saved.version;
        draftStatus.textContent = savedLine(saved, 'draftSaved');
      } catch (err) {
        draftStatus.textContent = t(err instanceof ApiProblem && err.problem.status === 409 ? 'draftElsewhere' : 'draftNotSaved');
      }
    }));
  form.addEventListener('change', () => void saveDraft());
  // The copies chosen for this application sit beside the materials, outside the form's own markup (form="apply-form").
  materials.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name === 'use') void saveDraft();
  });
  form.querySelector<HTMLButtonElement>('#save-draft')!.onclick = () => void saveDraft();
  if (s.draft) {
    const d = s.draft;
    const pathInput = form.querySelector<HTMLInputElement>(`input[name="path"][value="${d.path ?? 'standard'}"]`);
    if (pathInput) pathInput.checked = true;
    const signatoryInput = form.querySelector<HTMLInputElement>('input[name="signatory"]');
    if (signatoryInput && d.signatory) signatoryInput.value = d.signatory;
    for (const use of materials.querySelectorAll<HTMLInputElement>('input[name="use"]')) use.checked = d.documentIds.includes(use.value);
    draftStatus.textContent = savedLine(d, 'draftRestored');
    showLetter();
  }
  const summary = el('section', { class: 'summary', 'aria-live': 'polite', id: 'summary' });
  const error = el('p', { class: 'bad-text', role: 'alert', id: 'apply-error' });
  const body = (f: FormData) => {
    const commitment = f.get('path') === 'commitment';
    return {
      matterId: m.matterId,
      // The vault's reusable materials are attached by the platform; the others only as chosen here.
      documentIds: f.getAll('use').map(String),
      ...(s.licenseNo ? { licenseNo: s.licenseNo } : {}),
      path: commitment ? 'commitment' : 'standard',
      ...(commitment ? { commitment: { signatory: String(f.get('signatory') ?? ''), acceptedText: s.commitmentText } } : {}),
    };
  };
  // GOV.UK's check answers: the form steps aside, every answer is listed with a link to change it, and the button
  // to send follows the list; "change" brings the form back with focus on that answer.
  const area = el('div', { id: 'apply-area' });
  const changeLink = (label: string, target: () => HTMLElement | null) => {
    const a = el('a', { href: '#apply-area', class: 'change' }, t('change'), el('span', { class: 'visually-hidden' }, ` ${label}`));
    a.onclick = (ev) => {
      ev.preventDefault();
      summary.replaceChildren();
      area.hidden = false;
      const at = target();
      at?.focus();
      at?.scrollIntoView({ block: 'center' });
    };
    return a;
  };
  const answer = (key: string, label: string, value: (string | HTMLElement)[], target?: () => HTMLElement | null, cls = '') =>
    el(
      'div',
      { class: 'summary-row', 'data-answer': key },
      el('dt', {}, label),
      el('dd', cls ? { class: cls } : {}, ...value),
      el('dd', { class: 'summary-change' }, ...(target ? [changeLink(label, target)] : [])),
    );
  form.onsubmit = (e) => {
    e.preventDefault();
    error.textContent = '';
    const data = new FormData(form);
    const b = body(data);
    const checked = routes.submitApplication.body.safeParse(b, { error: plainIssue(lang) });
    if (!checked.success)
      return void (error.textContent = fieldErrors(checked.error, '$.body')
        .map((x) => plainMessage(x.message, t('signatory'), lang))
        .join('；'));
    if (b.path === 'commitment' && !data.get('accept')) return void (error.textContent = t('mustAccept'));
    const send = el('button', { type: 'button', class: 'primary', id: 'send-application' }, t('submit'));
    const back = el('button', { type: 'button', class: 'secondary', id: 'back-to-form' }, t('backToForm'));
    back.onclick = () => {
      summary.replaceChildren();
      area.hidden = false;
      form.querySelector<HTMLElement>('button[type="submit"]')?.focus();
    };
    send.onclick = async () => {
      try {
        const created = await api<{ id: string }>('POST', '/v1/applications', b);
        // Sent: the draft has done its work (should this fail, it expires by itself).
        await saving;
        await api('DELETE', `/v1/enterprises/${encodeURIComponent(uscc)}/application-drafts/${encodeURIComponent(m.matterId)}`).catch(() => undefined);
        await submitted(created.id);
      } catch (err) {
        if (!(err instanceof ApiProblem)) throw err;
        error.textContent = t('failed', { detail: err.problem.detail });
      }
    };
    const chosen = new Set(b.documentIds);
    const missing = rows.filter((r) => !r.doc || (!r.reusable && !chosen.has(r.doc.id)));
    const materialAt = (type: string) => () => materials.querySelector<HTMLElement>(`li[data-material="${type}"]`);
    const pathAt = () => form.querySelector<HTMLElement>('input[name="path"]:checked') ?? form.querySelector<HTMLElement>('input[name="path"]');
    summary.replaceChildren(
      el('h3', { tabindex: '-1', id: 'summary-title' }, t('summary')),
      el('p', { class: 'small' }, t('summaryLead')),
      el(
        'dl',
        { class: 'summary-list' },
        answer('matter', t('matter'), [lang === 'zh' ? m.name : m.nameEn]),
        ...(s.licenseNo ? [answer('licence', t('licence'), [identifier(s.licenseNo)])] : []),
        answer('path', t('path'), [t(b.path === 'commitment' ? 'commitmentPath' : 'standardPath')], pathAt),
        ...(b.commitment
          ? [answer('signatory', t('signatory'), [b.commitment.signatory], () => form.querySelector<HTMLElement>('input[name="signatory"]'))]
          : []),
        ...rows.map((r) => {
          const ready = r.doc && (r.reusable || chosen.has(r.doc.id));
          return answer(
            `material-${r.materialType}`,
            names.get(r.materialType) ?? r.materialType,
            ready ? [t(r.reusable ? 'fromVault' : 'thisCopy'), identifier(r.doc!.fileName)] : [t('notProvided')],
            materialAt(r.materialType),
            ready ? '' : 'bad-text',
          );
        }),
        answer('fee', t('feeLabel'), [t('feeNone')]),
        answer('limits', t('limits'), [
          t('limitsText', { accept: m.timeLimits.acceptanceWorkingDays?.value ?? 5, decide: m.timeLimits.decisionWorkingDays?.value ?? 20 }),
        ]),
      ),
      missing.length ? el('p', { class: 'small', 'data-missing-later': String(missing.length) }, t('missingLater', { n: missing.length })) : '',
      el('div', { class: 'confirm-buttons' }, send, back),
    );
    area.hidden = true;
    summary.querySelector<HTMLElement>('#summary-title')?.focus();
    summary.scrollIntoView({ block: 'start' });
  };
  area.append(el('h3', {}, t('materialsNeeded')), el('p', { class: 'small' }, t('materialsLead')), materials, form, draftStatus);
  return [el('h2', { tabindex: '-1', id: 'item-title' }, lang === 'zh' ? m.name : m.nameEn), area, error, summary];
}
