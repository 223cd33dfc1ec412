import { z } from 'zod';
import { referralSubmissionSchema } from '../../referrals/schema.js';
import { competentAuthorityCodes } from '../../referrals/routing.js';
import { decisionOutcomes } from '../../casework/outcomes.js';
import { negativeReasonCategoryCodes } from '../../casework/reason-categories.js';

/**
 * One line of a historical import file (docs/IMPORT.md): a referral as a legacy system received it,
 * in Palermo's own shape. The referral itself is exactly what `POST /api/v1/referrals` takes, checked
 * by the same schema and rules; around it, what only a historical record has: its legacy id, when and
 * from whom it was received, and the decisions already made on it.
 */
const isoDate = z.iso.date({ error: 'Enter a real date in the format YYYY-MM-DD' });

export const legacyDecisionSchema = z.strictObject({
  stage: z.enum(['rg', 'cg'], { error: 'The stage is “rg” (reasonable grounds) or “cg” (conclusive grounds)' }),
  outcome: z.enum(decisionOutcomes, { error: `The outcome is one of: ${decisionOutcomes.join(', ')}` }),
  decidedOn: isoDate,
  reasons: z.string({ error: 'Give the reasons recorded for the decision' }).trim().min(1, 'Give the reasons recorded for the decision').max(20_000, 'Must be 20000 characters or fewer'),
  /** A negative decision's main reason, where the legacy system recorded one (reason-categories.ts). */
  reasonCategory: z.enum(negativeReasonCategoryCodes, { error: `The reason category is one of: ${negativeReasonCategoryCodes.join(', ')}` }).optional(),
});
export type LegacyDecision = z.infer<typeof legacyDecisionSchema>;

/** Where a case stopped other than at a decision: withdrawn, or suspended while the person was missing. */
export const historicStatuses = ['withdrawn', 'suspended_missing'] as const;

export const legacyReferralSchema = z.strictObject({
  externalId: z.string({ error: 'Give the record’s id in the legacy system' }).trim().min(1, 'Give the record’s id in the legacy system').max(100, 'Must be 100 characters or fewer'),
  // A time zone is required: a bare local time would be read differently on different machines.
  receivedAt: z.iso.datetime({ offset: true, error: 'Give when the referral was received as an ISO 8601 date and time with a time zone, like 2009-06-01T10:30:00Z' }),
  organisation: z.string({ error: 'Give the referring organisation’s name as it is in Palermo' }).trim().min(1, 'Give the referring organisation’s name as it is in Palermo').max(200),
  referral: referralSubmissionSchema,
  competentAuthority: z.enum(competentAuthorityCodes, { error: `The Competent Authority is one of: ${competentAuthorityCodes.join(', ')}` }).optional(),
  decisions: z.array(legacyDecisionSchema).max(2, 'At most one reasonable grounds and one conclusive grounds decision').default([]),
  status: z.enum(historicStatuses, { error: `The status is one of: ${historicStatuses.join(', ')}` }).optional(),
  /** The day the case was withdrawn or suspended: required with `status`. */
  statusOn: isoDate.optional(),
});
export type LegacyReferral = z.infer<typeof legacyReferralSchema>;
