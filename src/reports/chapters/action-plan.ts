import { listActions, listPlans } from '../../plan/store.js';
import { progressStatusLabels, progressStatuses } from '../../plan/progress-status.js';
import { asCounted, type ReportSource } from '../annual-report.js';

/**
 * The action plan in force at the end of the year (the latest update published by then): its actions by
 * chapter and current status. Actions identify no one, so their counts are printed as they are.
 */
export const actionPlanChapter: ReportSource = {
  id: 'action-plan',
  title: 'Progress against the action plan',
  async tables(db, period) {
    const plan = (await listPlans(db)).find((p) => p.publishedOn !== null && p.publishedOn <= period.to);
    if (!plan) return [];
    const actions = await listActions(db, plan.id);
    const chapters = [...new Map(actions.map((a) => [a.chapterCode, a.chapterTitle])).entries()];
    const counts = chapters.map(([code]) => progressStatuses.map((s) => actions.filter((a) => a.chapterCode === code && a.status === s).length));
    return [asCounted({
      id: 'a1', title: `Actions of "${plan.title}" by chapter and progress status`, rowVariable: 'Chapter', columnVariable: 'Progress status',
      rows: chapters.map(([, title]) => title), columns: progressStatuses.map((s) => progressStatusLabels[s]), counts,
    }, 'Counts of the plan’s actions: they identify no one and are not subject to disclosure control.')];
  },
  summary(tables, period) {
    const table = tables[0];
    if (!table) return [`No action plan had been published by the end of ${period.year}.`];
    const by = (label: string) => Number(table.columnTotals[table.columns.indexOf(label)] ?? 0);
    return [
      `${table.title.replace(/ by chapter and progress status$/, '')}: ${table.grandTotal} in all.`,
      `${by('Completed')} completed, ${by('On track') + by('Ongoing')} on track or ongoing, ${by('New action')} new, ${by('Delayed')} delayed and ${by('Withdrawn')} withdrawn.`,
    ];
  },
};
