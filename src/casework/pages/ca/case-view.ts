import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../services.js';
import { can } from '../../../platform/auth/policy.js';
import { auditContext } from '../../../platform/http/request-context.js';
import type { FormErrors } from '../../../platform/http/forms.js';
import { statusTag } from '../../../referrals/following/status.js';
import { exploitationTypes, genders } from '../../../referrals/vocabulary.js';
import type { Nation } from '../../../organisations/kinds.js';
import { outcomeLabels, stageLabels, type DecisionOutcome, type Stage } from '../../outcomes.js';
import { extensionReasons } from '../../recovery-period.js';
import { reconsiderationGrounds } from '../../reconsideration.js';
import { negativeReasonCategories } from '../../reason-categories.js';
import { nextStepLabels } from './labels.js';
import { prosecutionsSection } from '../../../prosecutions/case-section.js';

export interface CaseViewExtra {
  errors?: FormErrors;
  /** Which form on the page the errors belong to. */
  form?: string;
  values?: Record<string, unknown>;
}

/**
 * The case as a caseworker sees it: the referral (opened and audited by the case file), what is due,
 * the decisions and the recovery period, and the forms for the next steps the role may take.
 */
export async function renderCase(services: Services, request: FastifyRequest, reply: FastifyReply, reference: string, extra: CaseViewExtra = {}) {
  const principal = request.principal!;
  const file = await services.caseFiles.open(principal, reference, auditContext(request));
  if (file.route !== 'nrm') return reply.code(404).render('platform/views/errors/404.njk');
  const nation = file.nation as Nation;
  const [record, notices, caseworkers, nationalities] = await Promise.all([
    services.casework.records.load(file.id!, nation, principal.role),
    services.notices.listForReferral(principal, file.id!),
    services.casework.assignment.caseworkers(principal),
    services.referenceData.items('nationality', { includeInactive: true }),
  ]);
  // Read after the case itself, and audited with it; no section for a role that may not see prosecutions.
  const prosecutions = await prosecutionsSection(services, principal, file.id!, auditContext(request));
  const status = String(file.status);
  const open = ['awaiting_rg', 'rg_positive', 'awaiting_cg', 'suspended_missing'].includes(status);
  const pending = record.decisions.find((d) => d.status === 'awaiting_review');
  const assignedTo = file.assignedTo;
  const label = (code: string) => nationalities.find((i) => i.code === code)?.label ?? code;
  return reply.render('casework/pages/ca/views/case.njk', {
    referral: file,
    record,
    notices,
    prosecutions,
    tag: statusTag(status),
    genderLabel: genders[file.gender as keyof typeof genders]?.label ?? file.gender,
    nationalityLabels: (file.nationalities ?? []).map(label),
    typeLabels: (file.exploitationTypes ?? []).map((t) => exploitationTypes[t as keyof typeof exploitationTypes]?.label ?? t),
    outcomeLabels, stageLabels, extensionReasons, negativeReasonCategories, reconsiderationGrounds, nextStepLabels,
    decisionLabel: (d: { stage: Stage; outcome: DecisionOutcome }) => `${stageLabels[d.stage]}: ${outcomeLabels[d.outcome]}`,
    may: {
      take: open && can(principal.role, 'casework:take') && assignedTo !== principal.userId,
      assign: open && can(principal.role, 'casework:assign'),
      decideRg: status === 'awaiting_rg' && !pending && can(principal.role, 'casework:decide'),
      decideCg: ['rg_positive', 'awaiting_cg'].includes(status) && !pending && can(principal.role, 'casework:decide'),
      review: pending && pending.madeBy !== principal.userId && can(principal.role, 'casework:review') ? pending : undefined,
      suspend: ['awaiting_rg', 'rg_positive', 'awaiting_cg'].includes(status) && can(principal.role, 'casework:suspend'),
      resume: status === 'suspended_missing' && can(principal.role, 'casework:suspend'),
      reportMissing: can(principal.role, 'missing:report'),
      withdraw: open && can(principal.role, 'casework:withdraw'),
      ask: open && can(principal.role, 'casework:request-information'),
      extend: ['rg_positive', 'awaiting_cg'].includes(status) && record.recoveryPeriod && !record.recoveryPeriod.ended && can(principal.role, 'casework:recovery-period'),
      caseReview: ['rg_positive', 'awaiting_cg'].includes(status) && record.recoveryPeriod && !record.recoveryPeriod.caseReviewedOn && can(principal.role, 'casework:recovery-period'),
      approveExtension: can(principal.role, 'casework:approve-extension'),
      decideReconsideration: can(principal.role, 'casework:decide-reconsideration'),
    },
    caseworkerItems: [{ value: '', text: 'Select a caseworker' }, ...caseworkers.map((c) => ({ value: c.id, text: c.name, selected: c.id === assignedTo }))],
    assigneeName: caseworkers.find((c) => c.id === assignedTo)?.name,
    values: extra.values ?? {},
    formErrors: extra.errors && extra.form ? { [extra.form]: extra.errors.fields } : {},
    errors: extra.errors,
    form: extra.form,
  });
}
