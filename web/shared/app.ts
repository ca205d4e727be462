import { el } from './i18n';
import { type Claims, completeSignIn, signIn } from './sign-in';

/**
 * The navigation of a one-page app (the workbench, the portal): its paths are pushed, not loaded — the ID token lives
 * in the page's memory, a reload redeems the tab's refresh token for a new one (ADR 0017) — then the view is loaded, painted and its heading focused for keyboard and screen-reader users.
 * `leaving` runs before each move (a page's "done" note is dropped).
 */
export function appNavigation(load: () => Promise<void>, paint: () => void, leaving: () => void = () => undefined) {
  const go = async (path: string) => {
    history.pushState(null, '', path);
    leaving();
    await load();
    paint();
    document.querySelector<HTMLElement>('main h2')?.focus();
  };
  const link = (href: string, text: string) => {
    const a = el('a', { href }, text);
    a.onclick = (e) => {
      e.preventDefault();
      void go(href);
    };
    return a;
  };
  window.onpopstate = () => void load().then(paint);
  return { go, link };
}

/** Before sign-in: what the app is for, why the last sign-in failed if it did, and the button to the provider. */
export function signInPanel(appRoot: string, lead: string, label: string, failure: string | undefined): HTMLElement[] {
  const button = el('button', { type: 'button', class: 'more', id: 'sign-in' }, label);
  button.onclick = () => void signIn(appRoot);
  return [el('p', { class: 'lead' }, lead), ...(failure ? [el('p', { class: 'bad-text', role: 'alert' }, failure)] : []), button];
}

/** On arrival: the code exchanged if the provider sent one back — who is signed in, or why the sign-in failed. */
export async function arrival(appRoot: string): Promise<{ me?: Claims; failure?: string }> {
  try {
    return { me: await completeSignIn(appRoot) };
  } catch (e) {
    return { failure: e instanceof Error ? e.message : String(e) };
  }
}
