import { z } from 'zod';
import { offenceCodes, notInForceMessage } from './offences.js';

export const courtTypes = ['crown', 'magistrates', 'high_court_of_justiciary', 'sheriff'] as const;
export const courtTypeLabels: Record<(typeof courtTypes)[number], string> = {
  crown: 'Crown Court', magistrates: "Magistrates' court", high_court_of_justiciary: 'High Court of Justiciary', sheriff: 'Sheriff court',
};
export const defendantRoles = ['principal', 'secondary_party', 'facilitator', 'controller', 'recruiter', 'transporter', 'other'] as const;
export const defendantRoleLabels: Record<(typeof defendantRoles)[number], string> = {
  principal: 'Principal', secondary_party: 'Secondary party', facilitator: 'Facilitator', controller: 'Controller',
  recruiter: 'Recruiter', transporter: 'Transporter', other: 'Other',
};
export const results = ['convicted', 'acquitted', 'discontinued', 'pending', 'not_proceeded_with'] as const;
export type Result = (typeof results)[number];
export const resultLabels: Record<Result, string> = {
  convicted: 'Convicted', acquitted: 'Acquitted', discontinued: 'Discontinued', pending: 'Pending', not_proceeded_with: 'Not proceeded with',
};
export const sentenceKinds = ['custody', 'suspended', 'community_order', 'other'] as const;
export type SentenceKind = (typeof sentenceKinds)[number];
export const sentenceKindLabels: Record<SentenceKind, string> = {
  custody: 'Immediate custody', suspended: 'Suspended sentence', community_order: 'Community order', other: 'Other sentence',
};

const isoDate = z.iso.date({ error: 'Enter a real date in the format YYYY-MM-DD' });
export const referralReference = z.string().regex(/^(NRM|DTN)-\d{4}-\d{6}$/, 'Enter a referral reference such as NRM-2026-000042');

const sentence = z.object({
  kind: z.enum(sentenceKinds, { error: `Sentence kind must be one of ${sentenceKinds.join(', ')}` }),
  /** Custody and suspended sentences: the term in months. */
  months: z.number().int('Months must be a whole number').min(1, 'Months must be 1 or more').max(1200, 'Months must be 1200 or fewer').optional(),
});

const charge = z.object({
  offence: z.enum(offenceCodes, { error: `Offence must be one of ${offenceCodes.join(', ')}` }),
  result: z.enum(results, { error: `Result must be one of ${results.join(', ')}` }),
  sentence: sentence.nullable().optional(),
});

const defendant = z.object({
  // A pseudonymous label from the case-management system (D1, Defendant A): never a name.
  label: z.string().trim().min(1, 'Enter the defendant’s pseudonymous label').max(40, 'The label must be 40 characters or fewer'),
  role: z.enum(defendantRoles, { error: `Role must be one of ${defendantRoles.join(', ')}` }),
  offences: z.array(charge).min(1, 'Give at least one offence for each defendant').max(30),
});

/** One prosecution as the prosecution service's case-management system sends it, created or revised. */
export const prosecutionSubmissionSchema = z.object({
  reference: z.string().trim().min(1, 'Enter the prosecution reference').max(60).regex(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, 'Use letters, digits, /, ., _ and - only'),
  /** When the case-management system last changed the record: a later post revises, an earlier one is refused. */
  updatedAt: z.iso.datetime({ offset: true, error: 'Enter when the record was last updated, as an ISO 8601 date and time' }),
  court: z.object({
    name: z.string().trim().min(1, 'Enter the court').max(120),
    type: z.enum(courtTypes, { error: `Court type must be one of ${courtTypes.join(', ')}` }),
  }),
  chargedOn: isoDate,
  concludedOn: isoDate.nullable().optional(),
  defendants: z.array(defendant).min(1, 'Give at least one defendant').max(50),
  victims: z.array(referralReference).max(200).default([]),
});
export type ProsecutionSubmission = z.infer<typeof prosecutionSubmissionSchema>;

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The rules across fields, pure: offences in force on the day charged, dates in order and not in the
 * future, a conclusion exactly when no result is pending, sentences only on conviction.
 */
export function checkProsecution(s: ProsecutionSubmission, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (s.chargedOn > today) problems.push({ field: 'chargedOn', message: 'The day charged cannot be in the future' });
  if (s.concludedOn && s.concludedOn > today) problems.push({ field: 'concludedOn', message: 'The day concluded cannot be in the future' });
  if (s.concludedOn && s.concludedOn < s.chargedOn) problems.push({ field: 'concludedOn', message: 'The day concluded cannot be before the day charged' });
  const labels = new Set<string>();
  let pending = false;
  s.defendants.forEach((d, i) => {
    if (labels.has(d.label.toLowerCase())) problems.push({ field: `defendants.${i}.label`, message: `The label “${d.label}” is given to two defendants` });
    labels.add(d.label.toLowerCase());
    const charged = new Set<string>();
    d.offences.forEach((c, j) => {
      const at = `defendants.${i}.offences.${j}`;
      const notInForce = notInForceMessage(c.offence, s.chargedOn);
      if (notInForce) problems.push({ field: `${at}.offence`, message: notInForce });
      if (charged.has(c.offence)) problems.push({ field: `${at}.offence`, message: 'The same offence is given twice for this defendant' });
      charged.add(c.offence);
      if (c.result === 'pending') pending = true;
      if (c.sentence && c.result !== 'convicted') problems.push({ field: `${at}.sentence`, message: 'Only a conviction has a sentence' });
      if (c.sentence && ['custody', 'suspended'].includes(c.sentence.kind) && c.sentence.months === undefined) {
        problems.push({ field: `${at}.sentence.months`, message: 'Give the term in months for a custodial or suspended sentence' });
      }
      if (c.sentence?.kind === 'suspended' && (c.sentence.months ?? 0) > 24) problems.push({ field: `${at}.sentence.months`, message: 'A suspended sentence is at most 24 months' });
      if (c.sentence && ['community_order', 'other'].includes(c.sentence.kind) && c.sentence.months !== undefined) {
        problems.push({ field: `${at}.sentence.months`, message: 'Months are given for custodial and suspended sentences only' });
      }
    });
  });
  if (s.concludedOn && pending) problems.push({ field: 'concludedOn', message: 'A prosecution with a pending result has not concluded: leave out the day concluded' });
  if (!s.concludedOn && !pending) problems.push({ field: 'concludedOn', message: 'Enter the day the prosecution concluded: no result is pending' });
  if (new Set(s.victims).size !== s.victims.length) problems.push({ field: 'victims', message: 'A referral is linked twice' });
  return problems;
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || 'prosecution', message: i.message }));
}
