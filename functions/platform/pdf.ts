// Required, not imported: in the Lambda bundle (CommonJS) pdfkit's `require` build reads its data from
// `data/` next to the bundle (copied there, infra/bundling.ts); its ES module build resolves it through
// `import.meta.url`, which a CommonJS bundle does not have, and fails to load (test/unit/bundle.test.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import PDFDocument = require('pdfkit');
import { cjkFontPath } from './fonts';

/**
 * An A4 PDF in the CJK font: `draw` lays it out, the promise gives the bytes. One place for the
 * stream plumbing of every rendering (the paper license, the connection report).
 */
export function renderPdf(
  options: { margin: number; info: PDFKit.DocumentInfo; bufferPages?: boolean },
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
): Promise<Buffer> {
  // The CJK font from the start: pdfkit's default (Helvetica) comes through package imports a bundle cannot follow.
  const doc = new PDFDocument({ size: 'A4', font: cjkFontPath(), ...options });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFontPath());
  doc.font('cjk');
  return Promise.resolve(draw(doc)).then(() => {
    doc.end();
    return done;
  });
}
