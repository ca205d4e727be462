// Renders pages of a PDF to PNG with MuPDF (WASM): `node scripts/render-pdf.mjs <file.pdf> <dpi> <out-prefix>`
// writes <out-prefix>-<page>.png for every page and prints their paths. What a printer or a viewer shows: the
// tests decode QR codes from it, and people look at it (an ES module: mupdf is one).
import * as mupdf from 'mupdf';
import { readFileSync, writeFileSync } from 'node:fs';

const [file, dpi = '110', prefix = file.replace(/\.pdf$/, '')] = process.argv.slice(2);
const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
const scale = Number(dpi) / 72;
for (let i = 0; i < doc.countPages(); i++) {
  const png = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
  const out = `${prefix}-${i + 1}.png`;
  writeFileSync(out, png);
  console.log(out);
}
