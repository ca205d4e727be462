import jsQR from 'jsqr';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';

/** Undo PNG row filters (PDF FlateDecode with /Predictor ≥ 10). */
function unfilter(data: Buffer, width: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc((data.length / (stride + 1)) * stride);
  for (let y = 0; y * (stride + 1) < data.length; y++) {
    const type = data[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      out[y * stride + x] = (raw + [0, a, b, (a + b) >> 1, paeth][type]!) & 0xff;
    }
  }
  return out;
}

/** Parses a PDF back (pdf-lib), finds its colour images and decodes the first QR code among them (jsQR). */
export async function decodeQrFromPdf(pdf: Uint8Array): Promise<{ pages: number; text: string | undefined }> {
  const doc = await PDFDocument.load(pdf);
  let text: string | undefined;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const width = (obj.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (obj.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const colors = obj.dict.get(PDFName.of('ColorSpace')) === PDFName.of('DeviceGray') ? 1 : 3;
    let pixels: Buffer = inflateSync(Buffer.from(obj.contents));
    const parms = obj.dict.get(PDFName.of('DecodeParms'));
    if (parms instanceof PDFDict && ((parms.get(PDFName.of('Predictor')) as PDFNumber | undefined)?.asNumber() ?? 1) >= 10)
      pixels = unfilter(pixels, width, colors);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * colors + (colors === 1 ? 0 : c)]!;
      rgba[i * 4 + 3] = 255;
    }
    const found = jsQR(rgba, width, height);
    if (found) {
      text = found.data;
      break;
    }
  }
  return { pages: doc.getPageCount(), text };
}

/**
 * Renders the PDF's first page as a printer of `dpi` would (MuPDF, scripts/render-pdf.mjs) and decodes the QR code
 * from the picture, as a phone reads it from paper. Returns the decoded text and the PNG's path (to look at).
 */
export async function decodeQrFromRender(pdf: Uint8Array, dpi: number): Promise<{ text: string | undefined; version: number | undefined; png: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'render-'));
  writeFileSync(join(dir, 'page.pdf'), pdf);
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(__dirname, '..', '..', 'scripts', 'render-pdf.mjs'),
    join(dir, 'page.pdf'),
    String(dpi),
  ]);
  const png = stdout.trim().split('\n')[0]!;
  const image = PNG.sync.read(readFileSync(png));
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  return { text: found?.data, version: found?.version, png };
}

/** The text of each page of a PDF, as MuPDF extracts it (scripts/render-pdf.mjs --text). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'text-'));
  writeFileSync(join(dir, 'doc.pdf'), pdf);
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', '..', 'scripts', 'render-pdf.mjs'), join(dir, 'doc.pdf'), '--text']);
  return stdout.split('\f');
}
