import { renderPdf } from '../platform/pdf';
import type { ConnectionReport, Figures } from './domain/report';

/**
 * The half-yearly report as a PDF (G7): the figures per group, the violations by rule, reliability,
 * and for each customer category the distribution of working days against its limit.
 */
export async function renderReportPdf(r: ConnectionReport, companyName: string): Promise<Buffer> {
  return renderPdf({ margin: 48, info: { Title: `获得电力 ${r.companyId} ${r.half}` } }, (doc) => {
    doc.fontSize(18).text(`“获得电力”监管报告 ${r.half}`, { align: 'center' });
    doc
      .fontSize(11)
      .text(`${companyName} (${r.companyId})  ·  ${r.generatedFor.from} – ${r.generatedFor.to}  ·  ${r.cases} cases powered on`, { align: 'center' });
    doc.moveDown();

    const groups: [string, Figures][] = [...Object.entries(r.byCategory), ['high-voltage (all)', r.highVoltage], ['small & micro', r.smallMicro]];
    doc.fontSize(9);
    const cols = [150, 50, 60, 60, 55, 60, 60];
    const header = ['group', 'count', 'avg WD', 'p90 WD', 'steps', 'materials', 'cost CNY'];
    const line = (cells: string[]) => {
      const y = doc.y;
      let x = doc.page.margins.left;
      cells.forEach((c, i) => doc.text(c, x, y, { width: cols[i]!, lineBreak: false }) && (x += cols[i]!));
      doc.moveDown(0.4);
      doc.x = doc.page.margins.left;
    };
    line(header);
    for (const [g, f] of groups)
      line([
        g,
        String(f.count),
        String(f.avgWorkingDays ?? '–'),
        String(f.p90WorkingDays ?? '–'),
        String(f.avgSteps ?? '–'),
        String(f.avgMaterials ?? '–'),
        String(f.avgCostCny ?? '–'),
      ]);
    doc.moveDown();
    doc.fontSize(11).text(`Violations by rule: ${['G1', 'G2', 'G3', 'G4', 'G5', 'G6'].map((g) => `${g} ${r.violations[g] ?? 0}`).join('  ·  ')}`);
    for (const rel of r.reliability)
      doc.text(`Reliability ${rel.year} ${rel.areaType}: ${rel.hours} h (target ${rel.target} h) — ${rel.meets ? 'meets' : 'misses'} G8`);
    doc.moveDown();

    // Distribution of working days per category, against the category's limit.
    for (const [cat, f] of Object.entries(r.byCategory)) {
      if (!f.count) continue;
      if (doc.y > doc.page.height - 200) doc.addPage();
      const top = doc.y + 14;
      const left = doc.page.margins.left + 30;
      const width = 420;
      const height = 100;
      const maxDay = Math.max(...f.histogram.map((h) => h.workingDays), f.limit ?? 0, 1);
      const counts = Array.from({ length: maxDay + 1 }, (_, d) => f.histogram.find((h) => h.workingDays === d)?.cases ?? 0);
      const maxCount = Math.max(...counts, 1);
      const barW = width / counts.length;
      doc.fontSize(10).text(`${cat}: working days from application to power-on (limit ${f.limit ?? '–'} WD)`, doc.page.margins.left, doc.y);
      doc.rect(left, top, width, height).stroke('#999');
      counts.forEach((n, d) => {
        const h = (n / maxCount) * (height - 4);
        doc.rect(left + d * barW + 1, top + height - h, Math.max(barW - 2, 1), h).fill(d > (f.limit ?? Infinity) ? '#c0392b' : '#2e86c1');
      });
      if (f.limit !== undefined) {
        const x = left + (f.limit + 1) * barW;
        doc
          .moveTo(x, top)
          .lineTo(x, top + height)
          .dash(3, { space: 2 })
          .stroke('#c0392b')
          .undash();
      }
      doc
        .fillColor('#000')
        .fontSize(8)
        .text(`0`, left, top + height + 2)
        .text(`${maxDay} WD`, left + width - 30, top + height + 2);
      doc.y = top + height + 18;
      doc.x = doc.page.margins.left;
    }
  });
}
