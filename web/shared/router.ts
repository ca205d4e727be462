import { SITE_REWRITES } from './paths';

/**
 * The page for every path where CloudFront cannot rewrite paths (the China regions offer no CloudFront Functions):
 * the distribution answers a path the bucket has no object for with this page, and it runs the page the path names
 * — by the same table the local server and the CloudFront Function read (web/site.ts) — so every page has its
 * address in both profiles.
 */
const page = SITE_REWRITES.find((r) => r.pattern.test(location.pathname))?.file.replace(/\.html$/, '');
if (page) {
  const script = `/assets/${page}.js`;
  void import(script);
} else {
  const main = document.querySelector('main')!;
  const p = document.createElement('p');
  p.textContent = '没有这个页面。No such page.';
  main.replaceChildren(p);
  document.title = '没有这个页面 · Not found';
}
