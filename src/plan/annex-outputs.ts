import { stringify } from 'csv-stringify/sync';
import XLSX from 'xlsx';
import type { AnnexA, AnnexB } from './service.js';
import { progressStatusLabels, isProgressStatus } from './progress-status.js';

/**
 * Annex A and Annex B as downloads, drawn from the database: one row an action (or a carried-over
 * action), the columns of the printed tables. Indicators go one a line within their cell.
 */
const annexAHeader = ['Chapter', 'Objective', 'Action', 'Action text', 'Assessment tool/indicators', 'Timetable', 'Due', 'Responsible party', 'Progress', 'Progress note', 'Progress as at'];
const annexBHeader = ['Section', 'Previous action', 'Action', 'Progress/Outcome', 'Disposition', 'Now action points'];

const statusLabel = (status: string) => (isProgressStatus(status) ? progressStatusLabels[status] : status);

export function annexARows(annex: AnnexA): (string | number)[][] {
  return annex.actions.map((a) => [
    a.chapterTitle, `Objective ${a.objectiveNumber}: ${a.objectiveTitle}`, a.number, a.text, a.indicators.join('\n'), a.timetable, a.dueOn ?? '',
    a.responsibleText, statusLabel(a.status), a.statusNote, a.statusOn,
  ]);
}

export function annexBRows(annex: AnnexB): (string | number)[][] {
  return annex.rows.map((r) => [r.section ?? '', r.previousNumber, r.previousText, r.outcome, r.disposition, r.nowActions.map((n) => n.number).join(' ')]);
}

export function annexACsv(annex: AnnexA): string {
  return stringify([annexAHeader, ...annexARows(annex)]);
}

export function annexBCsv(annex: AnnexB): string {
  return stringify([annexBHeader, ...annexBRows(annex)]);
}

/** Written only: files from outside are never parsed with this library. */
export function annexAOds(annex: AnnexA): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([[annex.plan.title], ['Published', annex.plan.publishedOn ?? ''], [], annexAHeader, ...annexARows(annex)]), 'Annex A');
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}

export function annexBOds(annex: AnnexB): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([
    [annex.plan.title], ['Progress against the actions of', annex.predecessor?.title ?? ''], [], annexBHeader, ...annexBRows(annex),
  ]), 'Annex B');
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}
