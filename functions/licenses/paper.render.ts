import QRCode from 'qrcode';
import type { Agency } from '../platform/config';
import { renderPdf } from '../platform/pdf';
import type { License } from '../licensing/domain/license';

/**
 * The printable license (DOMAIN E1): the same record as the electronic one, same version, with the
 * e-seal's fingerprint and the QR code of the version's signed token. Chinese text is set in Noto
 * Sans Hans (GB 2312 repertoire, OFL), embedded as a subset.
 */
const CLASS_NAMES: Record<string, string> = {
  'power-generation': '电力业务许可证（发电类）',
  'power-transmission': '电力业务许可证（输电类）',
  'power-supply': '电力业务许可证（供电类）',
  'facility-install': '承装（修、试）电力设施许可证（承装类）',
  'facility-repair': '承装（修、试）电力设施许可证（承修类）',
  'facility-test': '承装（修、试）电力设施许可证（承试类）',
};
const LEVELS = ['一级', '二级', '三级', '四级', '五级'];

/** QR code of the version's token: byte mode, error correction M (docs/e-license-format.md). */
export async function qrPng(token: string): Promise<{ png: Buffer; version: number; modules: number }> {
  const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
  const png = await QRCode.toBuffer(token, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  return { png, version: qr.version, modules: qr.modules.size };
}

export async function renderPaperLicense(l: License, agency: Agency): Promise<Buffer> {
  if (!l.seal) throw new Error(`license ${l.licenseNo} has no seal`);
  const { png } = await qrPng(l.seal.qr);
  const seal = l.seal;
  return renderPdf(
    { margin: 56, info: { Title: `${l.licenseNo} v${seal.version}`, Author: agency.name, Subject: CLASS_NAMES[l.licenseClass] ?? l.licenseClass } },
    (doc) => {
      doc.fontSize(22).text(CLASS_NAMES[l.licenseClass] ?? l.licenseClass, { align: 'center' });
      doc.moveDown(0.4).fontSize(11).text(`许可证编号 License No.  ${l.licenseNo}    版本 Version ${seal.version}`, { align: 'center' });
      doc.moveDown(1.5).fontSize(13);
      const rows: [string, string][] = [
        ['持证单位 Holder', l.holder.name],
        ['统一社会信用代码 USCC', l.holder.uscc],
        ['许可类别 Class', `${CLASS_NAMES[l.licenseClass] ?? l.licenseClass}${l.level ? ` ${LEVELS[l.level - 1]}` : ''}`],
        ['许可范围 Scope', l.scope],
        ['有效期 Valid', `${l.validFrom} 至 ${l.validUntil}`],
        ['发证机关 Issuer', `${agency.name} ${agency.nameEn}`],
      ];
      for (const [label, value] of rows) doc.fontSize(10).fillColor('#555').text(label).fontSize(13).fillColor('#000').text(value).moveDown(0.6);
      doc.moveDown(1).fontSize(9).fillColor('#333').text(`电子印章 e-seal key ${seal.kid}`).text(`签名指纹 payload digest ${seal.payloadDigest}`);
      doc.text('扫描二维码或访问 /v1/public/verifications 核验真伪与当前状态。Scan the QR code to verify authenticity and current status.', { width: 300 });
      doc.image(png, doc.page.width - 56 - 170, doc.page.height - 56 - 230, { width: 170 });
    },
  );
}
