import { renderPdf } from '../platform/pdf';
import type { ConnectionReport, Figures } from './domain/report';

/**
 * The half-yearly report as a PDF (G7), in Chinese as the regulator files it: who reports and to whom, when it
 * was made, the figures per group, the violations by rule with what each rule requires, reliability against its
 * targets (G8), and for each customer category the distribution of working days against its limit as a chart
 * with axes, ticks and counts. Every page says which page of how many it is.
 */
export const CATEGORY_NAMES: Record<string, string> = {
  residential: '居民用户',
  'low-voltage-non-residential': '低压非居民用户',
  'low-voltage-non-residential-three-zeros': '低压非居民用户（“三零”服务）',
  'high-voltage-single': '高压单电源用户',
  'high-voltage-dual': '高压双电源用户',
};
/** What each rule requires (DOMAIN G1–G6), in the report's words. */
export const RULES: Record<string, string> = {
  G1: '办电时限：自申请至装表接电的工作日数不超过该类用户的时限',
  G2: '办电环节：居民和低压用户不超过2个，高压用户不超过4个',
  G3: '申请材料：只收取规定的材料',
  G4: '小微企业：160千瓦及以下低压接入，“零上门、零审批、零投资”',
  G5: '外线工程：符合条件的免于规划许可等行政审批，按时限答复',
  G6: '节点记录：办电各环节如实、按时记录，不得补录',
};
const AREA_NAMES: Record<string, string> = { urban: '城市', town: '县城', rural: '农村' };

export interface ReportIssue {
  /** The grid company that reports. */
  companyName: string;
  /** The regulator's office it reports to (the agency of its province). */
  authorityName: string;
  generatedAt: Date;
}

/** 2026H1 → 2026年上半年. */
const halfName = (half: string): string => `${half.slice(0, 4)}年${half.endsWith('H1') ? '上' : '下'}半年`;
const shanghaiTime = (d: Date): string =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
const num = (v: number | null) => (v === null ? '—' : String(v));

export async function renderReportPdf(r: ConnectionReport, issue: ReportIssue): Promise<Buffer> {
  const made = shanghaiTime(issue.generatedAt);
  return renderPdf(
    { margin: 50, bufferPages: true, info: { Title: `“获得电力”监管报告 ${issue.companyName} ${halfName(r.half)}`, Author: issue.companyName } },
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      doc.fontSize(18).text(`“获得电力”监管报告（${halfName(r.half)}）`, { align: 'center' });
      doc.moveDown(0.3).fontSize(10).fillColor('#333');
      doc.text(`报送单位：${issue.companyName}\u3000\u3000报送对象：${issue.authorityName}`, { align: 'center' });
      doc.text(`统计期间：${r.generatedFor.from} 至 ${r.generatedFor.to}\u3000\u3000已装表接电 ${r.cases} 户\u3000\u3000生成时间：${made}`, {
        align: 'center',
      });
      doc.fillColor('#000').moveDown(1);

      // The figures per group.
      section(doc, '一、办电时长、环节、材料与费用');
      const groups: [string, Figures][] = [
        ...Object.entries(r.byCategory).map(([c, f]) => [CATEGORY_NAMES[c] ?? c, f] as [string, Figures]),
        ['高压用户（合计）', r.highVoltage],
        ['小微企业', r.smallMicro],
      ];
      table(
        doc,
        [150, 45, 62, 62, 52, 52, 72],
        ['分组', '户数', '平均时长(工作日)', '90%分位(工作日)', '平均环节', '平均材料', '平均费用(元)'],
        groups.map(([g, f]) => [g, String(f.count), num(f.avgWorkingDays), num(f.p90WorkingDays), num(f.avgSteps), num(f.avgMaterials), num(f.avgCostCny)]),
      );

      section(doc, '二、违反规则的情形');
      table(
        doc,
        [40, width - 40 - 60, 60],
        ['规则', '要求', '次数'],
        Object.entries(RULES).map(([g, text]) => [g, text, String(r.violations[g] ?? 0)]),
      );

      section(doc, '三、供电可靠性（G8）');
      if (!r.reliability.length) doc.fontSize(10).text('本期未报送供电可靠性数据。');
      else
        table(
          doc,
          [60, 80, 130, 130, 80],
          ['年度', '区域', '户均停电时间(小时)', '目标(小时)', '是否达标'],
          r.reliability.map((x) => [String(x.year), AREA_NAMES[x.areaType] ?? x.areaType, String(x.hours), String(x.target), x.meets ? '达标' : '未达标']),
        );

      // The distribution of working days per category, against the category's limit.
      const charted = Object.entries(r.byCategory).filter(([, f]) => f.count);
      charted.forEach(([cat, f], i) => {
        // A chart is never split from its title, nor the section's title from its first chart.
        if (doc.y > doc.page.height - doc.page.margins.bottom - CHART_BLOCK - (i === 0 ? 40 : 0)) doc.addPage();
        if (i === 0) section(doc, '四、各类用户办电时长分布');
        histogram(doc, `${CATEGORY_NAMES[cat] ?? cat}（时限 ${f.limit ?? '—'} 个工作日，${f.count} 户）`, f);
      });

      // Page numbers, the authority and the time on every page.
      const pages = doc.bufferedPageRange();
      for (let i = 0; i < pages.count; i++) {
        doc.switchToPage(pages.start + i);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .fontSize(8)
          .fillColor('#666')
          .text(
            `${issue.companyName} 报 ${issue.authorityName} · 生成于 ${made}\u3000\u3000第 ${i + 1} 页 / 共 ${pages.count} 页`,
            left,
            doc.page.height - 34,
            {
              width,
              align: 'center',
              lineBreak: false,
            },
          );
        doc.page.margins.bottom = bottom;
      }
      doc.fillColor('#000');
    },
  );
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.moveDown(0.6).fontSize(12).fillColor('#000').text(title, doc.page.margins.left).moveDown(0.3);
}

/** A ruled table: a shaded header row, then a row per entry, each as tall as its tallest cell. */
function table(doc: PDFKit.PDFDocument, widths: number[], header: string[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const total = widths.reduce((a, b) => a + b, 0);
  const row = (cells: string[], head: boolean) => {
    doc.fontSize(head ? 8.5 : 9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 8 }))) + 8;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    if (head) doc.rect(left, y, total, height).fill('#eef1f5');
    let x = left;
    cells.forEach((c, i) => {
      doc
        .fillColor(head ? '#333' : '#000')
        .text(c, x + 4, y + 4, { width: widths[i]! - 8, align: i === 0 || (head && i === 0) ? 'left' : i === 1 && widths[1]! > 150 ? 'left' : 'right' });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + total, y + height)
      .lineWidth(0.5)
      .stroke('#bbb');
    doc.y = y + height;
  };
  row(header, true);
  for (const r of rows) row(r, false);
  doc.x = left;
  doc.moveDown(0.5);
}

const CHART_HEIGHT = 76;
/** A chart with its title and axis labels, in points: five to a page. */
const CHART_BLOCK = CHART_HEIGHT + 56;

/** A bar chart of cases by working days, with both axes ticked and labelled, counts over the bars, the limit dashed and bars past it red. */
function histogram(doc: PDFKit.PDFDocument, title: string, f: Figures): void {
  const margin = doc.page.margins.left;
  doc
    .fontSize(10)
    .fillColor('#000')
    .text(title, margin, doc.y + 6);
  const left = margin + 40;
  const top = doc.y + 10;
  const width = doc.page.width - left - doc.page.margins.right - 10;
  const height = CHART_HEIGHT;
  const maxDay = Math.max(...f.histogram.map((h) => h.workingDays), f.limit ?? 0, 1);
  const counts = Array.from({ length: maxDay + 1 }, (_, d) => f.histogram.find((h) => h.workingDays === d)?.cases ?? 0);
  const maxCount = Math.max(...counts, 1);
  const yTop = Math.max(2, niceCeiling(maxCount));
  const barW = width / counts.length;
  // Axes and the y ticks (cases).
  doc
    .lineWidth(0.8)
    .strokeColor('#444')
    .moveTo(left, top)
    .lineTo(left, top + height)
    .lineTo(left + width, top + height)
    .stroke();
  doc.fontSize(7).fillColor('#444');
  for (const v of [0, yTop / 2, yTop].filter(Number.isInteger)) {
    const y = top + height - (v / yTop) * height;
    doc
      .moveTo(left - 3, y)
      .lineTo(left, y)
      .stroke();
    doc.text(String(v), left - 34, y - 3.5, { width: 28, align: 'right', lineBreak: false });
  }
  doc
    .save()
    .rotate(-90, { origin: [margin + 4, top + height / 2] })
    .text('户数', margin - 10, top + height / 2 - 4, { width: 30, align: 'center', lineBreak: false })
    .restore();
  // Bars, with their counts.
  counts.forEach((n, d) => {
    if (!n) return;
    const h = (n / yTop) * height;
    const x = left + d * barW;
    doc.rect(x + 1, top + height - h, Math.max(barW - 2, 1), h).fill(f.limit !== undefined && d > f.limit ? '#c0392b' : '#2e86c1');
    if (barW >= 9)
      doc
        .fillColor('#000')
        .fontSize(6.5)
        .text(String(n), x, top + height - h - 9, { width: barW, align: 'center', lineBreak: false });
  });
  // The x ticks (working days): every day when there is room, else every few.
  const step = Math.max(1, Math.ceil(counts.length / 20));
  doc.fillColor('#444').fontSize(7);
  for (let d = 0; d <= maxDay; d += step) {
    const x = left + d * barW + barW / 2;
    doc
      .moveTo(x, top + height)
      .lineTo(x, top + height + 3)
      .stroke('#444');
    doc.text(String(d), x - 10, top + height + 4, { width: 20, align: 'center', lineBreak: false });
  }
  doc.text('工作日', left + width - 40, top + height + 14, { width: 40, align: 'right', lineBreak: false });
  if (f.limit !== undefined) {
    const x = left + (f.limit + 1) * barW;
    doc
      .moveTo(x, top)
      .lineTo(x, top + height)
      .dash(3, { space: 2 })
      .lineWidth(1)
      .stroke('#c0392b')
      .undash();
    doc
      .fillColor('#c0392b')
      .fontSize(7)
      .text(`时限 ${f.limit}`, x + 3, top + 2, { lineBreak: false });
  }
  doc.fillColor('#000');
  doc.y = top + height + 26;
  doc.x = margin;
}

/** 1, 2, 5 × 10ⁿ at or above `n`: round numbers for an axis. */
function niceCeiling(n: number): number {
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n)!;
}
