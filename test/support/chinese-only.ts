/**
 * A Chinese page is Chinese only (issue 33 item 6): what people read in Chinese holds no developers' English and
 * no rule ids. `latinLeaks` returns the Latin-script words of a text that are neither identifiers people copy
 * (licence numbers, credit codes, case and order numbers, addresses) nor the few Latin words Chinese readers use
 * (PDF, QR, 12398 is digits). Browser tests run it over every page state they screenshot in Chinese (text inside
 * `translate="no"` is an identifier, text marked in another language is that language: both skipped); the
 * notification tests over every notice text.
 */

/** What may stand in a Chinese text, removed before the scan: order matters (a licence number before its parts). */
const ALLOWED: readonly RegExp[] = [
  /https?:\/\/[\x21-\x7e]+/g, // a link (notices: the portal page it is about)
  /[\w.+*-]+@[\w-]+(?:\.[\w-]+)+/g, // an e-mail address someone entered (or its masked form)
  /\b[A-Z]{1,2}\d?-[A-Z]{2}-\d{4}-\d{6}[0-9A-Z]\b/g, // a licence number (FI3-FJ-2026-0000177)
  /\b(?=[0-9A-Z-]*\d)(?=[0-9A-Z-]*[A-Z])[0-9A-Z]+(?:-[0-9A-Z]+)+\b/g, // another hyphenated number (a licence number of a test seed)
  /\b(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])[0-9A-Z]{4,}\b/g, // a credit code, case, order, request or document number: capitals and digits
  /\b(?:PDF|JPEG|PNG|QR|SM2|SM3|ES256|SHA-256|CSV|JSON|NDJSON|API|ID|OK)\b/g, // Latin words Chinese pages use as they are
  /\b[A-D]\s?级/g, // a credit class (A级)
  /\b\d+\s?(?:kV|KB|MB|GB|km|kW|MW)\b/g, // units
];

/** A rule id of the rulebook (L4, P2, S3): never shown to people. */
const RULE_ID = /\b[A-Z]\d{1,2}\b/g;

export function latinLeaks(text: string): string[] {
  let rest = text;
  for (const allowed of ALLOWED) rest = rest.replace(allowed, ' ');
  return [...new Set([...(rest.match(/[A-Za-z][A-Za-z'-]*[A-Za-z]/g) ?? []), ...(rest.match(RULE_ID) ?? [])])];
}

/** The text a page shows (hidden elements and identifiers, `translate="no"`, left out), as the browser lays it out. */
export const visibleTextScript = (): string => {
  const out: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) return void out.push(node.textContent ?? '');
    if (!(node instanceof HTMLElement)) return;
    // An identifier (`translate="no"`, or code: a hash, a key) is copied, not read; an element in another language (the switch's "English") says so.
    if (
      node.translate === false ||
      (node.lang && !node.lang.startsWith('zh')) ||
      node.hidden ||
      ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'CODE', 'SAMP', 'KBD'].includes(node.tagName)
    )
      return;
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    // A field's placeholder is the page's words; its value is what the person typed, not read.
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) out.push(node.placeholder);
    if (node.title) out.push(node.title);
    if (node.getAttribute('aria-label')) out.push(node.getAttribute('aria-label')!);
    for (const child of node.childNodes) walk(child);
  };
  walk(document.body);
  return out.join(' ');
};
