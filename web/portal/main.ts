import { el, type Lang, mountPage, translator } from '../shared/i18n';
import { appNavigation, arrival } from '../shared/app';
import { startPage } from './start';
import { api, ApiProblem, signOut } from '../shared/sign-in';
import { type ApplyState, applyPage, loadApply, loadDrafts, mattersPage } from './apply';
import type { ApplicationDraft } from '../../functions/licensing/domain/draft';
import { shanghaiDay, shanghaiTime } from '../shared/time';
import { casePage, casesList, loadCase, loadCases, type PortalCase } from './cases';
import { licencePage, licencesList, loadLicence, loadLicences, type PortalLicence } from './licences';
import { registerPage } from './register';
import { type GuideMatter, loadVault, type VaultDocument, vaultPage } from './vault';
import { type T, WORDS } from './words';
import { pathSegment } from '../shared/paths';

/**
 * The applicant portal (issue 20; ADR 0013): "run at most once" in a browser. The enterprise signs in through the
 * configured provider (code + PKCE, as the workbench), registers once, keeps its materials in the vault, applies
 * from the service guide, answers the one correction notice in one supplement, follows every deadline, gets and
 * verifies its licence, and reviews the service. One page for all its paths; a reload or Back keeps the sign-in (ADR 0017).
 */
const ROOT = '/portal/';
/** The case the applicant has just submitted (sessionStorage; signing out clears `pp.*`). */
const JUST_SENT = 'pp.justSubmitted';
/** Its confirmation shows until the case has moved on (a notice, an acceptance): then it is news no longer. */
const justSent = (c: { id: string; status: string; correctionNotice?: unknown }): boolean =>
  sessionStorage.getItem(JUST_SENT) === c.id && c.status === 'submitted' && !c.correctionNotice;

interface Enterprise {
  uscc: string;
  name: string;
  regionCode: string;
  agencyId: string;
}

type View =
  | { kind: 'register' }
  | { kind: 'home'; cases: PortalCase[]; licences: PortalLicence[]; drafts: ApplicationDraft[]; creditClass: string }
  | { kind: 'vault' }
  | { kind: 'apply' }
  | { kind: 'matter'; item: ApplyState }
  | { kind: 'case'; item: PortalCase }
  | { kind: 'licence'; item: NonNullable<Awaited<ReturnType<typeof loadLicence>>> }
  | { kind: 'not-applicant' }
  | { kind: 'missing' };

async function start(): Promise<void> {
  const { me, failure } = await arrival(ROOT);
  const uscc = me?.enterpriseId ?? '';
  let enterprise: Enterprise | null = null;
  let matters: GuideMatter[] = [];
  let docs: VaultDocument[] = [];
  let view: View = { kind: 'missing' };
  let done = false;
  const reviewed: Record<string, { reviewed?: boolean }> = {};

  const load = async () => {
    if (me?.role !== 'applicant' || !uscc) return void (view = { kind: 'not-applicant' });
    if (!matters.length) matters = (await api<{ items: GuideMatter[] }>('GET', '/v1/guide/matters')).items;
    enterprise ??= await api<Enterprise>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}`).catch((e: unknown) => {
      if (e instanceof ApiProblem && e.problem.status === 404) return null;
      throw e;
    });
    if (!enterprise) return void (view = { kind: 'register' });
    docs = await loadVault(uscc);
    const path = location.pathname;
    const [, kind, id] = /^\/portal\/(apply|cases|licences)\/([^/]+)$/.exec(path) ?? [];
    if (path === `${ROOT}vault`) view = { kind: 'vault' };
    else if (path === `${ROOT}apply`) view = { kind: 'apply' };
    else if (kind === 'apply') {
      const item = await loadApply(uscc, pathSegment(id!), new URLSearchParams(location.search).get('licenseNo') ?? undefined, docs);
      view = item ? { kind: 'matter', item } : { kind: 'missing' };
    } else if (kind === 'cases') {
      const item = await loadCase(pathSegment(id!));
      view = item ? { kind: 'case', item } : { kind: 'missing' };
    } else if (kind === 'licences') {
      const item = await loadLicence(pathSegment(id!));
      view = item ? { kind: 'licence', item } : { kind: 'missing' };
    } else {
      const [cases, licences, drafts, credit] = await Promise.all([
        loadCases(),
        loadLicences(uscc),
        loadDrafts(uscc),
        api<{ creditClass: string }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/credit`),
      ]);
      view = { kind: 'home', cases, licences, drafts, creditClass: credit.creditClass };
    }
  };
  const { go, link } = appNavigation(
    load,
    () => repaint(),
    () => (done = false),
  );
  const reload = async () => {
    done = true;
    await load();
    repaint();
  };

  let repaint: () => void = () => undefined;
  repaint = mountPage(WORDS.title, (lang, main) => {
    const t = translator(WORDS, lang);
    if (!me) return void main.replaceChildren(...startPage(ROOT, t, failure));
    const out = el('button', { type: 'button', class: 'link', id: 'sign-out' }, t('signOut'));
    out.onclick = () => void signOut(ROOT);
    const bar = el(
      'nav',
      { class: 'who', 'aria-label': t('portalNav') },
      enterprise ? `${enterprise.name} · ${uscc}` : uscc,
      ...(enterprise ? [' · ', link(ROOT, t('home')), ' · ', link(`${ROOT}vault`, t('vault')), ' · ', link(`${ROOT}apply`, t('apply'))] : []),
      ' · ',
      out,
    );
    main.replaceChildren(bar, ...(done ? [el('p', { role: 'status', class: 'ok-text' }, t('done'))] : []), ...content(view, t, lang));
  });

  function content(v: View, t: T, lang: Lang): (HTMLElement | string)[] {
    switch (v.kind) {
      case 'not-applicant':
        return [el('p', { class: 'bad-text' }, t('notApplicant'))];
      case 'missing':
        return [el('p', { class: 'bad-text' }, t('notFound'))];
      case 'register':
        return registerPage(uscc, t, lang, async () => {
          enterprise = null;
          // On to where the applicant was going (the matter it came from the guide for), or the home page.
          await go(location.pathname + location.search);
        });
      case 'vault':
        return vaultPage(uscc, docs, matters, t, lang, reload);
      case 'apply':
        return mattersPage(matters, t, lang, link);
      case 'matter':
        return applyPage(
          uscc,
          v.item,
          t,
          lang,
          async () => {
            await load();
            repaint();
          },
          (caseId) => {
            // The case page opens with the confirmation of what was just sent (kept in the tab: a reload keeps it).
            sessionStorage.setItem(JUST_SENT, caseId);
            return go(`${ROOT}cases/${caseId}`);
          },
        );
      case 'case':
        return casePage(uscc, v.item, docs, matters, (reviewed[v.item.id] ??= {}), t, lang, link, reload, justSent(v.item));
      case 'licence':
        return licencePage(v.item, t, lang, link);
      case 'home':
        return [
          el('h2', { tabindex: '-1' }, enterprise!.name),
          el('p', { class: 'lead' }, t('homeLead')),
          el('p', { 'data-credit': v.creditClass }, t('creditIs', { class: t(`class-${v.creditClass}` as 'class-good') })),
          ...(v.drafts.length ? [el('h3', {}, t('myDrafts')), draftsList(v.drafts, t, lang)] : []),
          el('h3', {}, t('myCases')),
          casesList(v.cases, matters, t, lang, link),
          el('h3', {}, t('myLicences')),
          licencesList(v.licences, t, link),
          el('p', {}, link(`${ROOT}apply`, t('applyNew')), ' · ', link(`${ROOT}vault`, t('vaultCount', { n: docs.length }))),
        ];
    }
  }

  /** Saved and not sent (ADR 0017): each opens its application page filled in, until it expires. */
  function draftsList(drafts: readonly ApplicationDraft[], t: T, lang: Lang): HTMLElement {
    return el(
      'ul',
      { class: 'drafts' },
      ...drafts.map((d) => {
        const matter = matters.find((m) => m.matterId === d.matterId);
        const name = matter ? (lang === 'zh' ? matter.name : matter.nameEn) : d.matterId;
        const href = `${ROOT}apply/${d.matterId}${d.licenseNo ? `?licenseNo=${encodeURIComponent(d.licenseNo)}` : ''}`;
        return el(
          'li',
          { 'data-draft': d.matterId },
          link(
            href,
            t('draftLine', { matter: d.licenseNo ? `${name}（${d.licenseNo}）` : name, at: shanghaiTime(d.savedAt), until: shanghaiDay(d.expiresAt) }),
          ),
        );
      }),
    );
  }

  if (me) {
    await load();
    repaint();
  }
}

void start();
