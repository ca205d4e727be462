import PDFDocument from 'pdfkit';
import { cjkFontPath } from './fonts';

/**
 * An A4 PDF in the CJK font: `draw` lays it out, the promise gives the bytes. One place for the
 * stream plumbing of every rendering (the paper license, the connection report).
 */
export function renderPdf(options: { margin: number; info: PDFKit.DocumentInfo }, draw: (doc: PDFKit.PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', ...options });
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
