// Renders pages of a PDF to PNG with MuPDF (WASM): `node scripts/render-pdf.mjs <file.pdf> <dpi> <out-prefix>`
// writes <out-prefix>-<page>.png for every page and prints their paths. What a printer or a viewer shows: the
// tests decode QR codes from it, and people look at it (an ES module: mupdf is one).
// `node scripts/render-pdf.mjs <file.pdf> --text` prints each page's text instead, pages separated by a form feed.
import * as mupdf from 'mupdf';
import { readFileSync, writeFileSync } from 'node:fs';

const [file, dpi = '110', prefix = file.replace(/\.pdf$/, '')] = process.argv.slice(2);
const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
if (dpi === '--text') {
  const pages = [];
  for (let i = 0; i < doc.countPages(); i++) pages.push(doc.loadPage(i).toStructuredText().asText());
  process.stdout.write(pages.join('\f'));
  process.exit(0);
}
const scale = Number(dpi) / 72;
for (let i = 0; i < doc.countPages(); i++) {
  const png = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
  const out = `${prefix}-${i + 1}.png`;
  writeFileSync(out, png);
  console.log(out);
}
