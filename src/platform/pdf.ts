import PDFDocument from 'pdfkit';

/** An A4 PDF being written, and the finished file once `doc.end()` has been called. */
export function pdfDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  // Pages are buffered so that a footer with "page n of m" can be written once all exist.
  const doc = new PDFDocument({ size: 'A4', bufferPages: true, lang: 'en-GB', displayTitle: true, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, finished };
}

/** Writes a line at the foot of every page, e.g. a reference and "page n of m". */
export function footOfEveryPage(doc: PDFKit.PDFDocument, text: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom } = doc.page.margins;
    doc.page.margins.bottom = 0; // writing into the bottom margin must not start a new page
    doc.font('Helvetica').fontSize(9).fillColor('#505a5f')
      .text(text(i - range.start + 1, range.count), left, doc.page.height - 48, { width: doc.page.width - left - right, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
}
