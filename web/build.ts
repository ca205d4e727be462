import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Builds the public site (web/): each page's script bundled and minified for browsers (esbuild, ES modules with
 * shared chunks), its HTML, the stylesheet, and the CJK web font, so that the site renders the same everywhere
 * without anything from a third party. The same files are served by the local server at `/` and, in AWS, from S3
 * behind CloudFront. Built into a new directory that then replaces the old one whole, so a server reading the old
 * one never sees half of the new.
 */
const ROOT = join(__dirname, '..');
export const WEB_DIR = join(ROOT, '.build', 'web');

/** The pages: each one's title (before its script sets it in the reader's language) and its script's entry point. */
export const PAGES = {
  verify: { title: '电子许可证核验', script: 'web/verify/main.ts' },
  guide: { title: '办事指南', script: 'web/guide/main.ts' },
  register: { title: '行政许可公示', script: 'web/register/main.ts' },
  dishonest: { title: '严重失信主体名单', script: 'web/dishonest/main.ts' },
  draws: { title: '双随机抽查', script: 'web/draws/main.ts' },
  statistics: { title: '12398 热线统计', script: 'web/statistics/main.ts' },
  /** The staff workbench: one page for all its paths (the tokens stay in its memory), without the public navigation. */
  staff: { title: '工作台', script: 'web/staff/main.ts', nav: false },
  /** The applicant portal: one page for all its paths, like the workbench. */
  portal: { title: '企业办事', script: 'web/portal/main.ts', nav: false },
  /** Not a page of its own: where paths cannot be rewritten (the China regions' CloudFront), it runs the page a path names. */
  route: { title: '国家能源局 许可与监管平台', script: 'web/shared/router.ts' },
} as const;

/**
 * The site's navigation, on every public page: the way in to apply online first. Each label in both languages; the
 * HTML says the Chinese, the page's script repaints them in the reader's language (`data-zh`/`data-en`), so a page in
 * Chinese is Chinese only.
 */
const NAV: [href: string, zh: string, en: string][] = [
  ['/portal/', '企业在线办理', 'Apply online'],
  ['/', '许可证核验', 'Verify a licence'],
  ['/guide', '办事指南', 'Service guide'],
  ['/register', '许可公示', 'Register'],
  ['/dishonest', '失信名单', 'Dishonest list'],
  ['/draws', '双随机抽查', 'Inspection draws'],
  ['/statistics', '热线统计', 'Hotline statistics'],
];
const both = (zh: string, en: string) => `data-zh="${zh}" data-en="${en}"`;

/** One page's HTML: the one layout of the site (header, navigation, main, footer) around the page's script. */
export function pageHtml(name: keyof typeof PAGES): string {
  const page: { title: string; nav?: false } = PAGES[name];
  const { title } = page;
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light" />
    <title>${title}</title>
    <link rel="stylesheet" href="/assets/site.css" />
    <script type="module" src="/assets/${name}.js"></script>
  </head>
  <body>
    <a class="skip" href="#main" ${both('跳到正文', 'Skip to content')}>跳到正文</a>
    <header>
      <div>
        <p id="site-name" class="site-name">国家能源局 许可与监管平台</p>
        <h1 id="site-title">${title}</h1>
      </div>
      <button id="lang" type="button">English</button>
    </header>
    ${page.nav === false ? '' : `<nav aria-label="站点导航" data-label-zh="站点导航" data-label-en="Site">${NAV.map(([href, zh, en]) => `<a href="${href}" ${both(zh, en)}>${zh}</a>`).join('')}</nav>`}
    <main id="main" tabindex="-1">
      <noscript><p>本页需要浏览器启用 JavaScript。This page needs JavaScript.</p></noscript>
    </main>
    <footer><p><span ${both('12398 能源监管热线', '12398 energy regulation hotline')}>12398 能源监管热线</span> · <a href="/" ${both('公共服务首页', 'Public services')}>公共服务首页</a> · <a href="/staff/" ${both('工作人员入口', 'Staff sign-in')}>工作人员入口</a></p></footer>
  </body>
</html>
`;
}

/**
 * The shared domain code in the pages: it hashes with `node:crypto`, which runs there on @noble/hashes
 * (web/shared/node-crypto.ts); the CSV libraries some domain modules import are server-only (web/shared/server-only.ts).
 */
const domainCodeInTheBrowser: Plugin = {
  name: 'domain-code-in-the-browser',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: join(ROOT, 'web', 'shared', 'node-crypto.ts') }));
    b.onResolve({ filter: /^csv-(parse|stringify)\/sync$/ }, () => ({ path: join(ROOT, 'web', 'shared', 'server-only.ts') }));
  },
};

export async function buildWeb(outDir: string = WEB_DIR): Promise<{ outDir: string; scripts: Record<string, number> }> {
  const staging = `${outDir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const assets = join(staging, 'assets');
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(PAGES).map(([name, p]) => [name, join(ROOT, p.script)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: assets,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'silent',
    plugins: [domainCodeInTheBrowser],
  });
  for (const name of Object.keys(PAGES) as (keyof typeof PAGES)[]) writeFileSync(join(staging, `${name}.html`), pageHtml(name));
  cpSync(join(ROOT, 'web', 'shared', 'site.css'), join(assets, 'site.css'));
  cpSync(await cjkFont(), join(assets, 'fonts'), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(staging, outDir);
  const scripts = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [file.slice(file.lastIndexOf('/') + 1), o.bytes]));
  return { outDir, scripts };
}

/**
 * The site's CJK web font, for browsers without a CJK system font (phones have one: the stylesheet names the system
 * fonts first, and each face tries `local()` first): Noto Sans Hans (OFL) cut into WOFF2 slices by Unicode range, with
 * the CSS that names them — a browser fetches only the slices holding characters the page shows. Two families: the
 * GB 2312 repertoire in small slices ('PowerPermit CJK'), and every other character the font has — the rare
 * characters of names (生僻字 such as 垚, 喆), CJK Extension A and B — in larger ones ('PowerPermit CJK Rare'), which the
 * browser asks for only when a character is missing from the first. Cut once per machine (harfbuzz) and kept under
 * .build/web-fonts.
 */
async function cjkFont(): Promise<string> {
  const fontFile = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
  const font = readFileSync(fontFile);
  const families = fontSlices();
  const key = createHash('sha256').update(font).update(JSON.stringify(families)).update(LOCAL_CJK.join()).digest('hex').slice(0, 16);
  const dir = join(ROOT, '.build', 'web-fonts', key);
  if (existsSync(join(dir, 'cjk.css'))) return dir;
  const { default: subsetFont } = await import('subset-font');
  const staging = `${dir}.new-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  const faces: string[] = [];
  const local = LOCAL_CJK.map((name) => `local('${name}')`).join(',');
  for (const [family, slices] of Object.entries(families))
    for (const [i, s] of slices.entries()) {
      const file = `${family === 'PowerPermit CJK' ? 'cjk' : 'cjk-rare'}-${String(i).padStart(2, '0')}.woff2`;
      writeFileSync(join(staging, file), await subsetFont(font, s.text, { targetFormat: 'woff2' }));
      faces.push(
        `@font-face{font-family:'${family}';font-style:normal;font-weight:400;font-display:swap;src:${local},url('/assets/fonts/${file}') format('woff2');unicode-range:${s.range}}`,
      );
    }
  writeFileSync(join(staging, 'cjk.css'), `${faces.join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/** The CJK system fonts a face tries before its download, by full and PostScript name (Android, Linux, Source Han). */
const LOCAL_CJK = ['Noto Sans CJK SC', 'NotoSansCJKsc-Regular', 'Source Han Sans SC', 'SourceHanSansSC-Regular'];

/**
 * The two families' slices. 'PowerPermit CJK': ASCII and CJK punctuation in one slice, the GB 2312 hanzi in slices of
 * contiguous code points. 'PowerPermit CJK Rare': the other hanzi of CJK Unified Ideographs and Extension A (the
 * font holds what it holds; a character it lacks falls through to the system's sans-serif), and Extension B.
 */
function fontSlices(): Record<'PowerPermit CJK' | 'PowerPermit CJK Rare', { range: string; text: string }[]> {
  const hanzi: number[] = [];
  const gb = new TextDecoder('gb18030');
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = gb.decode(new Uint8Array([hi, lo]));
      const cp = ch.codePointAt(0)!;
      if (ch.length === 1 && cp >= 0x4e00 && cp <= 0x9fff) hanzi.push(cp);
    }
  hanzi.sort((a, b) => a - b);
  const hex = (n: number) => n.toString(16).toUpperCase();
  const basic = { range: 'U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+FF00-FFEF', text: '' };
  for (const [a, b] of [
    [0x20, 0x7e],
    [0xa0, 0xff],
    [0x2000, 0x206f],
    [0x3000, 0x303f],
    [0xff00, 0xffef],
  ] as const)
    for (let c = a; c <= b; c++) basic.text += String.fromCodePoint(c);
  const common = [basic];
  const PER_SLICE = 300;
  for (let i = 0; i < hanzi.length; i += PER_SLICE) {
    const part = hanzi.slice(i, i + PER_SLICE);
    const from = i === 0 ? 0x4e00 : part[0]!;
    const to = i + PER_SLICE >= hanzi.length ? 0x9fff : hanzi[i + PER_SLICE]! - 1;
    common.push({ range: `U+${hex(from)}-${hex(to)}`, text: String.fromCodePoint(...part) });
  }
  const inGb2312 = new Set(hanzi);
  const rare: { range: string; text: string }[] = [];
  const PER_RARE_SLICE = 600;
  for (const [first, last] of [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
  ] as [number, number][]) {
    let from = first;
    let part: number[] = [];
    for (let c = first; c <= last; c++) {
      if (!inGb2312.has(c)) part.push(c);
      if (part.length === PER_RARE_SLICE || c === last) {
        rare.push({ range: `U+${hex(from)}-${hex(c)}`, text: String.fromCodePoint(...part) });
        [from, part] = [c + 1, []];
      }
    }
  }
  let extB = '';
  for (let c = 0x20000; c <= 0x2a6df; c++) extB += String.fromCodePoint(c);
  rare.push({ range: 'U+20000-2A6DF', text: extB });
  return { 'PowerPermit CJK': common, 'PowerPermit CJK Rare': rare };
}
