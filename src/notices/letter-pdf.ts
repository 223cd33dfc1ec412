import { footOfEveryPage, pdfDocument } from '../platform/pdf.js';
import type { LetterBlock } from './letter-html.js';

/**
 * A letter as an A4 PDF, for printing and posting and as the email attachment: the sender, date and
 * reference at the top, the address, the heading and the paragraphs, and the reference on every page.
 */
export async function letterPdf(blocks: LetterBlock[], meta: { title: string; reference: string; author: string; createdAt: Date }): Promise<Buffer> {
  const { doc, finished } = pdfDocument({
    margins: { top: 64, bottom: 72, left: 72, right: 72 },
    info: { Title: meta.title, Author: meta.author, Subject: meta.reference, CreationDate: meta.createdAt },
  });

  const width = doc.page.width - 144;
  for (const block of blocks) {
    switch (block.kind) {
      case 'from':
        doc.font('Helvetica-Bold').fontSize(12).text(printable(block.text), { width });
        break;
      case 'meta':
        doc.font('Helvetica').fontSize(11).text(printable(block.text), { width });
        break;
      case 'address':
        doc.moveDown(1).font('Helvetica').fontSize(11);
        for (const line of block.lines) doc.text(printable(line), { width });
        doc.moveDown(1);
        break;
      case 'heading':
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(18).text(printable(block.text), { width }).moveDown(0.5);
        break;
      case 'subheading':
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(printable(block.text), { width }).moveDown(0.3);
        break;
      case 'item':
        doc.font('Helvetica').fontSize(11).text(`•  ${printable(block.text)}`, { width, indent: 0 }).moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('Helvetica').fontSize(11).text(printable(block.text), { width, lineGap: 2 }).moveDown(0.6);
        break;
    }
  }

  footOfEveryPage(doc, (page, pages) => `${meta.reference} · page ${page} of ${pages}`);
  doc.end();
  return finished;
}

// The PDF's standard fonts cover Windows-1252 only: letters outside it (a name in Vietnamese, say) are
// printed without their accents rather than as the wrong glyphs.
const windows1252Extras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function printable(text: string): string {
  return [...text].map((ch) => {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || windows1252Extras.has(ch)) return ch;
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    return [...base].every((c) => { const k = c.codePointAt(0)!; return (k >= 0x20 && k <= 0x7e) || (k >= 0xa0 && k <= 0xff); }) && base ? base : '?';
  }).join('');
}
