import type { ReportSource } from './annual-report.js';
import { prosecutionChapter } from './chapters/prosecutions.js';
import { actionPlanChapter } from './chapters/action-plan.js';

/** The chapters of the annual report drawn from other parts of the service, in the order they are printed. */
export const annualReportSources: readonly ReportSource[] = [prosecutionChapter, actionPlanChapter];
