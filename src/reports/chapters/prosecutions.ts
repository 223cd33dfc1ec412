import { convictionCounts } from '../../prosecutions/store.js';
import { countingUnit, prosecutionTables } from '../../prosecutions/statistics.js';
import { figure, type ReportSource } from '../annual-report.js';

/** Convictions in the year by offence and sentence, from the prosecution service's outcomes. */
export const prosecutionChapter: ReportSource = {
  id: 'prosecutions',
  title: 'Prosecutions and convictions',
  async tables(db, period, rule) {
    const { tables } = prosecutionTables(await convictionCounts(db, period.year, period.year), period.year, period.year, rule);
    return tables.filter((t) => t.id === 'p2'); // by year as well would repeat the same totals for one year
  },
  summary(tables, period) {
    const bySentence = tables[0];
    if (!bySentence) return [`No prosecution concluded with a conviction for a trafficking or slavery offence in ${period.year} has been recorded.`];
    return [`${capitalise(figure(bySentence.grandTotal, 'convictions'))} for trafficking and slavery offences were recorded in prosecutions concluded in ${period.year}.`, countingUnit];
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
