import { z } from 'zod';
import { progressStatuses } from './progress-status.js';

/** Chapters of a plan update, in the order the plans print them. */
export const chapterCodes = ['prevention', 'investigation', 'adult_victims', 'child_victims'] as const;
export type ChapterCode = (typeof chapterCodes)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'Enter a real date');

const text = (max: number, what: string) => z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

/** A plan update as a data file holds it (action-plans/*.json): Annex A and Annex B. */
export const planFileSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{3,60}$/, 'A slug is 3 to 60 lower-case letters, digits and hyphens'),
  title: text(300, 'the title'),
  publishedOn: isoDate,
  predecessor: z.object({ slug: z.string().regex(/^[a-z0-9-]{3,60}$/), title: text(300, 'the title') }).strict().optional(),
  source: z.string().max(500).optional(),
  chapters: z.array(z.object({
    code: z.enum(chapterCodes),
    title: text(200, 'the chapter title'),
    objectives: z.array(z.object({ number: z.number().int().positive(), title: text(500, 'the objective') }).strict()).min(1),
  }).strict()).min(1),
  actions: z.array(z.object({
    number: z.number().int().positive(),
    chapter: z.enum(chapterCodes),
    objective: z.number().int().positive(),
    text: text(2000, 'the action'),
    indicators: z.array(text(2000, 'the indicator')).min(1),
    timetable: text(200, 'the timetable'),
    dueOn: isoDate.nullable(),
    responsible: text(500, 'the responsible parties'),
    parties: z.array(z.object({ name: text(200, 'the party'), organisation: z.string().trim().min(1).max(200).optional() }).strict()).min(1),
    progress: z.object({ status: z.enum(progressStatuses), note: text(4000, 'the progress note') }).strict(),
  }).strict()).min(1),
  carryOvers: z.array(z.object({
    previousNumber: z.number().int().positive(),
    section: z.string().nullable(),
    previousText: text(2000, 'the previous action'),
    outcome: text(2000, 'the outcome'),
    disposition: z.enum(['ongoing', 'completed', 'withdrawn']),
    nowActions: z.array(z.number().int().positive()),
  }).strict()).default([]),
}).strict();
export type PlanFile = z.infer<typeof planFileSchema>;

/** A progress update, as the form, the API and the service take it. */
export const progressProposalInput = z.object({
  status: z.enum(progressStatuses, { error: 'Select the progress status' }),
  note: text(4000, 'a progress note'),
  notedOn: z.preprocess((v) => (v === '' ? undefined : v), isoDate.optional()),
  withdrawalReason: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(2000, 'The reason must be 2000 characters or fewer').optional()),
});
export type ProgressProposalInput = z.infer<typeof progressProposalInput>;

/** A policy lead's decision on a proposed update. */
export const progressDecisionInput = z.object({
  decision: z.enum(['approve', 'return'], { error: 'Select approve or return' }),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().positive(),
  returnReason: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(2000, 'The reason must be 2000 characters or fewer').optional()),
}).refine((v) => v.decision !== 'return' || Boolean(v.returnReason), { path: ['returnReason'], message: 'Say why the update is returned' });
export type ProgressDecisionInput = z.infer<typeof progressDecisionInput>;

/** "What changed since": the date of the ministerial group's last meeting. */
export const sinceInput = z.object({ since: z.preprocess((v) => (v === '' ? undefined : v), isoDate.optional()) });

/** A policy lead's change to an action's wording, indicators or timetable (indicators one a line on the form). */
export const actionDetailsInput = z.object({
  text: text(2000, 'the action'),
  indicators: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : v),
    z.array(z.string().max(2000, 'An indicator must be 2000 characters or fewer'), { error: 'Enter at least one indicator' }).min(1, 'Enter at least one indicator'),
  ),
  timetable: text(200, 'the timetable'),
  dueOn: z.preprocess((v) => (v === '' ? undefined : v), isoDate.optional()),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().positive(),
});
export type ActionDetailsInput = z.infer<typeof actionDetailsInput>;
