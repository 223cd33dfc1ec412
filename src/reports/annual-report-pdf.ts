import { footOfEveryPage, pdfDocument } from '../platform/pdf.js';
import type { PublishedTable } from '../statistics/disclosure/index.js';
import type { TimelinessRow } from '../statistics/publication/timeliness-table.js';
import { printable } from '../notices/letter-pdf.js';
import type { AnnualReport } from './annual-report.js';

const ageLabels: Record<string, string> = { adult: 'Adult', child: 'Child', not_specified: 'Not specified', all: 'All' };

/** The annual report as an A4 PDF: the same chapters, sentences and published tables as the page. */
export async function annualReportPdf(report: AnnualReport, meta: { createdAt: Date }): Promise<Buffer> {
  const { doc, finished } = pdfDocument({
    margins: { top: 64, bottom: 72, left: 56, right: 56 },
    info: { Title: `Annual report ${report.year}: draft`, Author: 'Palermo', CreationDate: meta.createdAt },
  });
  const width = doc.page.width - 112;

  doc.font('Helvetica-Bold').fontSize(20).text(printable(`Human trafficking: annual report ${report.year}`), { width });
  doc.font('Helvetica').fontSize(11).moveDown(0.3)
    .text(printable(`Draft for the independent rapporteur. Period 1 January to 31 December ${report.year}; data as at ${report.cutOff.toISOString().slice(0, 16).replace('T', ' ')} UTC.`), { width })
    .moveDown(0.3).text(printable(report.rule), { width }).moveDown(1);

  report.sections.forEach((section, i) => {
    doc.font('Helvetica-Bold').fontSize(15).text(printable(`${i + 1}. ${section.title}`), { width }).moveDown(0.4);
    for (const p of section.paragraphs) doc.font('Helvetica').fontSize(11).text(printable(p), { width, lineGap: 2 }).moveDown(0.5);
    for (const t of section.tables) grid(doc, width, `Table ${t.id}: ${t.title}`, ...countRows(t));
    if (section.timeliness) grid(doc, width, 'Table 10: days from referral to the first decision', ...timelinessRows(section.timeliness));
    doc.moveDown(0.8);
  });

  footOfEveryPage(doc, (page, pages) => `Annual report ${report.year} (draft) · page ${page} of ${pages}`);
  doc.end();
  return finished;
}

function countRows(t: PublishedTable): [string[], string[][]] {
  const head = [t.rowVariable, ...t.columns, 'Total'];
  const body = t.rows.map((row, r) => [row, ...t.cells[r]!.map(String), String(t.rowTotals[r])]);
  body.push(['Total', ...t.columnTotals.map(String), String(t.grandTotal)]);
  return [head, body];
}

function timelinessRows(rows: TimelinessRow[]): [string[], string[][]] {
  const head = ['Decision', 'Age', 'Decisions', 'Median days', 'Interquartile range', '% within 5 working days'];
  const body = rows.map((x) => [x.stage === 'rg' ? 'Reasonable grounds' : 'Conclusive grounds', ageLabels[x.ageGroup] ?? x.ageGroup, String(x.decided),
    String(x.median), `${x.lowerQuartile} to ${x.upperQuartile}`, x.onTimePercent === null ? 'n/a' : String(x.onTimePercent)]);
  return [head, body];
}

/** A plain table: the first column wide enough for its labels, the figures right-aligned in equal columns. */
function grid(doc: PDFKit.PDFDocument, width: number, caption: string, head: string[], body: string[][]): void {
  const first = Math.min(width * 0.45, 200);
  const other = head.length > 1 ? (width - first) / (head.length - 1) : 0;
  const left = doc.page.margins.left;
  doc.font('Helvetica-Bold').fontSize(10).text(printable(caption), { width }).moveDown(0.2);
  const line = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const heights = cells.map((c, i) => doc.heightOfString(printable(c), { width: (i === 0 ? first : other) - 4 }));
    const height = Math.max(...heights) + 3;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = i === 0 ? left : left + first + (i - 1) * other;
      doc.text(printable(c), x, y, { width: (i === 0 ? first : other) - 4, align: i === 0 ? 'left' : 'right' });
    });
    doc.x = left;
    doc.y = y + height;
  };
  line(head, true);
  for (const row of body) line(row, false);
  doc.moveDown(0.6);
}
