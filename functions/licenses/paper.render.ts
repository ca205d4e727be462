import QRCode from 'qrcode';
import type { Agency } from '../platform/config';
import { renderPdf } from '../platform/pdf';
import type { License } from '../licensing/domain/license';
import { shanghaiDate } from '../platform/calendar';
import { verificationUrl } from './domain/qr-token';
import { levelName } from '../licensing/domain/levels';

/**
 * The printable license (DOMAIN E1): the same record as the electronic one, same version, with the
 * e-seal's fingerprint and the QR code of the verification address holding the version's signed
 * token. Chinese text is set in Noto Sans Hans (GB 2312 repertoire, OFL), embedded as a subset.
 */
const CLASS_NAMES: Record<string, string> = {
  'power-generation': '电力业务许可证（发电类）',
  'power-transmission': '电力业务许可证（输电类）',
  'power-supply': '电力业务许可证（供电类）',
  'facility-install': '承装（修、试）电力设施许可证（承装类）',
  'facility-repair': '承装（修、试）电力设施许可证（承修类）',
  'facility-test': '承装（修、试）电力设施许可证（承试类）',
};

/** QR code of the verification URL: the QR code's alphanumeric mode (the URL is written in its alphabet), error correction M (docs/e-license-format.md). */
export async function qrPng(text: string): Promise<{ png: Buffer; version: number; modules: number }> {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const png = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  return { png, version: qr.version, modules: qr.modules.size };
}

const RED = '#c8102e';

/**
 * The paper licence, A4 portrait, laid out as the regulator's printed licence is: a double border, the title, the
 * number, the licence's particulars in a ruled table, then the issuing authority with the issue date under a
 * rendered electronic seal (a picture of the authority's seal; the legal proof is the signature the QR carries),
 * and the QR code with its caption and the full verification address.
 */
export async function renderPaperLicense(l: License, agency: Agency, publicBaseUrl: string): Promise<Buffer> {
  if (!l.seal) throw new Error(`license ${l.licenseNo} has no seal`);
  const seal = l.seal;
  const url = verificationUrl(publicBaseUrl, seal.qr);
  const { png } = await qrPng(url);
  const sealedAt = (JSON.parse(Buffer.from(seal.jws.split('.')[1]!, 'base64url').toString('utf8')) as { issuedAt: string }).issuedAt;
  const issueDate = chineseDate(shanghaiDate(new Date(sealedAt)));
  const className = CLASS_NAMES[l.licenseClass] ?? l.licenseClass;
  return renderPdf({ margin: 0, info: { Title: `${l.licenseNo} v${seal.version}`, Author: agency.fullName, Subject: className } }, (doc) => {
    const W = doc.page.width;
    const H = doc.page.height;
    // The border: a heavy outer and a thin inner rule.
    doc
      .lineWidth(3)
      .strokeColor('#7a5c1e')
      .rect(28, 28, W - 56, H - 56)
      .stroke();
    doc
      .lineWidth(0.8)
      .rect(36, 36, W - 72, H - 72)
      .stroke();

    const title = className.replace(/（[^）]*类）$/, '');
    const kind = className.slice(title.length);
    doc
      .fillColor('#000')
      .fontSize(24)
      .text(title, 60, 78, { width: W - 120, align: 'center', characterSpacing: 2 });
    if (kind) doc.fontSize(14).text(kind, 60, doc.y + 4, { width: W - 120, align: 'center' });
    doc
      .fontSize(11)
      .fillColor('#333')
      .text(`编号 No. ${l.licenseNo}\u3000\u3000第 ${seal.version} 版`, 60, doc.y + 14, { width: W - 120, align: 'center' });

    // The particulars, in a ruled table.
    const rows: [string, string][] = [
      ['单位名称', l.holder.name],
      ['统一社会信用代码', l.holder.uscc],
      ...(l.holder.legalRepresentative ? [['法定代表人', l.holder.legalRepresentative] as [string, string]] : []),
      ...(l.holder.address ? [['住所', l.holder.address] as [string, string]] : []),
      ['许可类别', className],
      ...(l.level ? [['许可等级', levelName(l.level)] as [string, string]] : []),
      ['许可范围', l.scope],
      ['有效期限', `${chineseDate(l.validFrom)} 至 ${chineseDate(l.validUntil)}`],
      ['发证机关', agency.fullName],
      ['发证日期', issueDate],
    ];
    const left = 70;
    const labelWidth = 120;
    const tableWidth = W - 140;
    let y = doc.y + 26;
    doc.lineWidth(0.6).strokeColor('#999');
    for (const [label, value] of rows) {
      const height = Math.max(30, doc.fontSize(13).heightOfString(value, { width: tableWidth - labelWidth - 20 }) + 16);
      doc
        .moveTo(left, y)
        .lineTo(left + tableWidth, y)
        .stroke();
      doc
        .fontSize(12)
        .fillColor('#555')
        .text(label, left + 8, y + 9, { width: labelWidth - 12 });
      doc
        .fontSize(13)
        .fillColor('#000')
        .text(value, left + labelWidth, y + 8, { width: tableWidth - labelWidth - 12 });
      y += height;
    }
    doc
      .moveTo(left, y)
      .lineTo(left + tableWidth, y)
      .stroke();

    // The authority and date, with the seal over them (bottom left), and the QR code (bottom right).
    const qrSize = 150;
    const qrX = W - 70 - qrSize;
    const qrY = H - 70 - qrSize - 64;
    doc
      .fontSize(13)
      .fillColor('#000')
      .text(agency.fullName, 70, qrY + 40, { width: 260, align: 'center' });
    doc.text(issueDate, 70, doc.y + 6, { width: 260, align: 'center' });
    drawSeal(doc, 200, qrY + 52, 62, agency.fullName);
    doc.image(png, qrX, qrY, { width: qrSize });
    doc
      .fontSize(11)
      .fillColor('#000')
      .text('扫码核验', qrX, qrY + qrSize + 4, { width: qrSize, align: 'center' });
    doc
      .fontSize(8)
      .fillColor('#555')
      .text('Scan to verify authenticity and current status', qrX - 20, doc.y + 1, { width: qrSize + 40, align: 'center' });
    // The full address, for one who types it: it is long (the token is in it), so small and across the foot.
    doc
      .fontSize(6.5)
      .fillColor('#444')
      .text(`核验地址 ${url}`, 60, H - 64, { width: W - 120, align: 'left', lineBreak: true });
    doc
      .fontSize(7)
      .fillColor('#777')
      .text(`电子印章密钥 ${seal.kid}\u3000摘要 ${seal.payloadDigest}`, 60, H - 86, { width: W - 120 });
  });
}

/** 2032-11-22 → 2032年11月22日. */
const chineseDate = (d: string): string => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The picture of the authority's seal: a red ring, the authority's name around the top, a star in the middle. */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, name: string): void {
  doc.save().opacity(0.85).lineWidth(3).strokeColor(RED).circle(cx, cy, r).stroke();
  // The name on an arc of 240°, each character turned to face outwards.
  const chars = [...name];
  const span = (240 * Math.PI) / 180;
  const size = Math.min(15, (r * span) / chars.length / 1.05);
  chars.forEach((ch, i) => {
    const angle = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    const x = cx + (r - size * 0.95) * Math.cos(angle);
    const y = cy + (r - size * 0.95) * Math.sin(angle);
    doc
      .save()
      .translate(x, y)
      .rotate(((angle + Math.PI / 2) * 180) / Math.PI)
      .fontSize(size)
      .fillColor(RED)
      .text(ch, -size / 2, -size / 2, { width: size, align: 'center', lineBreak: false })
      .restore();
  });
  // A five-pointed star.
  const star = Array.from({ length: 10 }, (_, k) => {
    const rad = k % 2 === 0 ? r * 0.3 : r * 0.12;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    return [cx + rad * Math.cos(a), cy + rad * Math.sin(a)] as [number, number];
  });
  doc.polygon(...star).fill(RED);
  doc
    .fontSize(8)
    .fillColor(RED)
    .text('电子印章', cx - 30, cy + r * 0.42, { width: 60, align: 'center' });
  doc.restore();
}
