import { fieldErrors } from '../../functions/platform/http/problem';
import { routes } from '../../functions/routes';
import { documentButton } from '../shared/forms';
import { el, identifier, type Lang } from '../shared/i18n';
import { api, ApiProblem } from '../shared/sign-in';
import { today } from '../shared/time';
import type { Key, T } from './words';

/**
 * The enterprise's vault (L2) in the portal: every document with its validity and what it is reused for, and the
 * upload — SHA-256 computed in the browser, declared, PUT straight to the document store's presigned URL with a
 * progress bar, then confirmed (the platform checks the bytes). The same bytes are one document: declared again,
 * the vault answers with the one it has and nothing is uploaded twice.
 */
export interface VaultDocument {
  id: string;
  materialType: string;
  fileName: string;
  contentType: string;
  size: number;
  validUntil?: string;
  status: 'awaiting-upload' | 'available';
  usable: boolean;
  declaredAt: string;
}
export interface GuideMatter {
  matterId: string;
  kind: 'new' | 'change' | 'renewal' | 'cancellation';
  licenseClass: string;
  level?: number;
  name: string;
  nameEn: string;
  materials: { materialType: string; name: string; nameEn: string; reusable: boolean }[];
}

export const loadVault = async (uscc: string): Promise<VaultDocument[]> =>
  (await api<{ items: VaultDocument[] }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/documents?limit=100`)).items;

/** The newest usable document of a material type, if the vault has one (what an application would attach). */
export const usableOf = (docs: readonly VaultDocument[], materialType: string): VaultDocument | undefined =>
  docs.filter((d) => d.materialType === materialType && d.usable).sort((a, b) => b.declaredAt.localeCompare(a.declaredAt))[0];

/** Material types by name, in the page's language, from the guide's matters. */
export function materialNames(matters: readonly GuideMatter[], lang: Lang): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of matters) for (const x of m.materials) names.set(x.materialType, lang === 'zh' ? x.name : x.nameEn);
  return names;
}

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** PUT with upload progress (fetch reports none): the bytes go to the document store, never through the API. */
function put(url: string, headers: Record<string, string>, file: File, progress: (done: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    // 412: the store already holds an object under this URL's key — these very bytes, since their checksum is signed (a
    // reload mid-upload, a second tab): nothing to send again, the confirmation checks them.
    xhr.onload = () => (xhr.status < 300 || xhr.status === 412 ? resolve() : reject(new Error(`the document store answered HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('the upload did not reach the document store'));
    xhr.send(file);
  });
}

/** The outcome of a form's last upload, shown again by the form the page redraws with the new vault (once). */
const lastOutcome = new Map<string, { text: string; reused: boolean }>();

/**
 * An upload form: one material type (fixed, or chosen from `types`), a file, its validity; the bar shows the bytes
 * sent; `uploaded` runs once the document is usable (reused: the vault had the same bytes already).
 */
export function uploadForm(
  uscc: string,
  types: readonly [type: string, name: string][],
  t: T,
  uploaded: (doc: VaultDocument, reused: boolean) => Promise<void>,
  id = 'upload',
): HTMLElement {
  const fixed = types.length === 1;
  const type = fixed
    ? el('input', { type: 'hidden', name: 'materialType', value: types[0]![0] })
    : el('select', { id: `${id}-type`, name: 'materialType' }, ...types.map(([v, n]) => el('option', { value: v }, n)));
  const file = el('input', { id: `${id}-file`, name: 'file', type: 'file', accept: 'application/pdf,image/jpeg,image/png', required: '' });
  const until = el('input', { id: `${id}-until`, name: 'validUntil', type: 'date', min: today() });
  const bar = el('progress', { id: `${id}-progress`, max: '1', value: '0', hidden: '', 'aria-label': t('uploadProgress') });
  const said = el('p', { class: 'small', 'aria-live': 'polite', id: `${id}-status` });
  const last = lastOutcome.get(id);
  lastOutcome.delete(id);
  if (last) {
    said.textContent = last.text;
    said.className = 'small ok-text';
    if (!last.reused) {
      bar.hidden = false;
      bar.value = 1;
    }
  }
  const form = el(
    'form',
    { class: 'action upload', 'data-upload': fixed ? types[0]![0] : 'any', novalidate: '' },
    fixed ? type : el('div', { class: 'field' }, el('label', { for: `${id}-type` }, t('materialType')), type),
    el('div', { class: 'field', 'data-field': 'file' }, el('label', { for: `${id}-file` }, fixed ? t('fileFor', { name: types[0]![1] }) : t('file')), file),
    el('div', { class: 'field', 'data-field': 'validUntil' }, el('label', { for: `${id}-until` }, t('validUntil')), until),
    bar,
    said,
    el('button', { type: 'submit' }, t('upload')),
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    said.className = 'small';
    const chosen = file.files?.[0];
    if (!chosen) return void (said.textContent = t('chooseFile'));
    said.textContent = t('hashing');
    const body = {
      materialType: (type as HTMLInputElement | HTMLSelectElement).value,
      fileName: chosen.name,
      contentType: chosen.type,
      size: chosen.size,
      sha256: hex(await crypto.subtle.digest('SHA-256', await chosen.arrayBuffer())),
      ...(until.value ? { validUntil: until.value } : {}),
    };
    const checked = routes.declareDocument.body.safeParse(body);
    if (!checked.success) {
      said.className = 'small bad-text';
      return void (said.textContent = fieldErrors(checked.error, '$.body')
        .map((x) => x.message)
        .join('；'));
    }
    try {
      const declared = await api<{ document: VaultDocument; upload?: { url: string; headers: Record<string, string> } }>(
        'POST',
        `/v1/enterprises/${encodeURIComponent(uscc)}/documents`,
        body,
      );
      let doc = declared.document;
      if (declared.upload) {
        bar.hidden = false;
        await put(declared.upload.url, declared.upload.headers, chosen, (done) => {
          bar.value = done;
          said.textContent = t('sending', { percent: Math.round(done * 100) });
        });
        bar.value = 1;
        doc = { ...(await api<VaultDocument>('POST', `/v1/enterprises/${encodeURIComponent(uscc)}/documents/${doc.id}/confirmation`)), usable: true };
      }
      said.textContent = t(declared.upload ? 'uploaded' : 'alreadyInVault');
      lastOutcome.set(id, { text: said.textContent, reused: !declared.upload });
      await uploaded({ ...doc, usable: true }, !declared.upload);
    } catch (err) {
      said.className = 'small bad-text';
      said.textContent = err instanceof ApiProblem ? err.problem.detail : String(err instanceof Error ? err.message : err);
    }
  };
  return form;
}

/** The vault's page: each document with its validity and use, and the upload. */
export function vaultPage(
  uscc: string,
  docs: readonly VaultDocument[],
  matters: readonly GuideMatter[],
  t: T,
  lang: Lang,
  reload: () => Promise<void>,
): HTMLElement[] {
  const names = materialNames(matters, lang);
  const usedFor = (type: string) => matters.filter((m) => m.materials.some((x) => x.materialType === type));
  return [
    el('h2', { tabindex: '-1' }, t('vault')),
    el('p', { class: 'lead' }, t('vaultLead')),
    docs.length
      ? el(
          'table',
          { class: 'queue vault cards' },
          el(
            'thead',
            {},
            el('tr', {}, ...(['material', 'fileName', 'validUntil', 'state', 'reusedFor', 'view'] as const).map((k) => el('th', { scope: 'col' }, t(k)))),
          ),
          el(
            'tbody',
            {},
            ...docs.map((d) => {
              const uses = usedFor(d.materialType);
              // Each cell names its column too: on a phone the rows are cards (site.css).
              const cell = (k: Key, content: string | HTMLElement, cls = '') => el('td', { 'data-label': t(k), ...(cls ? { class: cls } : {}) }, content);
              return el(
                'tr',
                { 'data-document': d.id, 'data-material': d.materialType },
                cell('material', names.get(d.materialType) ?? d.materialType),
                cell('fileName', identifier(d.fileName)),
                cell('validUntil', d.validUntil ?? t('noExpiry')),
                cell('state', t(d.status === 'awaiting-upload' ? 'awaitingUpload' : d.usable ? 'usable' : 'expired'), d.usable ? 'ok-text' : 'bad-text'),
                cell('reusedFor', t('usedBy', { n: uses.length, first: uses[0] ? (lang === 'zh' ? uses[0].name : uses[0].nameEn) : '—' })),
                cell('view', d.status === 'available' ? documentButton(uscc, d.id, t('view'), lang) : ''),
              );
            }),
          ),
        )
      : el('p', {}, t('vaultEmpty')),
    el('h3', {}, t('uploadTitle')),
    uploadForm(
      uscc,
      [...names].sort((a, b) => a[1].localeCompare(b[1], 'zh')),
      t,
      () => reload(),
    ),
  ];
}
