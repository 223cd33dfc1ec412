import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.js';
import type { Principal } from '../../platform/auth/principal.js';
import { requires } from '../../platform/auth/route-policy.js';
import { auditContext } from '../../platform/http/request-context.js';
import { NotFoundError } from '../../platform/db/errors.js';
import { missingAnswers, submissionFrom, type PageContext } from '../draft-answers.js';
import type { Draft } from '../drafts.js';
import { journey, pageIds, type PageId } from '../journey.js';
import type { FieldProblem } from '../schema.js';
import { IdempotencyConflictError, ReferralValidationError } from '../service.js';
import { whereToFix } from '../situation-answers.js';
import { findSubmittedByIdempotencyKey } from '../submitted.js';
import { checkAnswersSections } from './summaries.js';
import { bodyOf, draftIdOf, draftUrl, labelsOf, pageContextOf, staleMessage, versionOf } from './common.js';

/** Every question name, for the audit of a read of the whole draft. */
const allQuestions = ['under18', 'consent', 'childLocalAuthority', 'person', 'situations', 'policeForceCode', 'crimeReference', 'localAuthorityCaseNumber', 'supportNeeds'];

/**
 * Check your answers, then submit. The draft gets the validation a submission gets; each remaining
 * problem links to the page (and field) to fix. Submitting uses the draft's own idempotency key, so a
 * double click or a retry makes one referral, and the draft goes in the transaction that stores it.
 */
export async function checkAnswersRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const route = { config: requires('referrals:create') };

  async function render(reply: FastifyReply, principal: Principal, draft: Draft, context: PageContext, notices: FieldProblem[] = [], status = 200) {
    const answers = draft.content.answers;
    const validation = await services.referrals.validate(principal, submissionFrom(answers));
    const problems = validation.ok ? notices : [...notices, ...validation.problems, ...missingAnswers(answers)];
    const seen = new Set<string>();
    // In the order the pages come, so the list reads like the journey.
    const rank = (field: string) => {
      const at = pageIds.indexOf(whereToFix(field).page.split('/')[0] as PageId);
      return at === -1 ? pageIds.length : at;
    };
    const errorList = [...problems].sort((a, b) => rank(a.field) - rank(b.field)).flatMap((problem) => {
      const fix = whereToFix(problem.field);
      const href = fix.page === 'check-answers' ? '#submit' : `${draftUrl(draft.id, fix.page)}?change=1#${fix.field}`;
      const key = `${problem.field} ${problem.message}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ text: problem.message, href }];
    });
    const label = await labelsOf(services, ['nationality', 'language', 'police_force', 'local_authority', 'uk_place']);
    const pages = journey(answers, context);
    return reply.code(status).render('referrals/views/check-answers.njk', {
      draft: { id: draft.id, version: draft.version, idempotencyKey: draft.idempotencyKey, expiresAt: draft.expiresAt },
      sections: checkAnswersSections(answers, draft.id, context, label),
      errorList, ready: validation.ok, failed: status >= 400, cannotRefer: pages.includes('cannot-refer'), child: answers.under18 !== undefined && answers.under18 !== 'no',
      anonymous: answers.under18 === 'no' && answers.consent === false,
      situationsHref: `${draftUrl(draft.id, 'situations')}?change=1`,
      back: draftUrl(draft.id, pages.at(-2) ?? 'under-18'),
    });
  }

  app.get('/referrals/drafts/:id/check-answers', route, async (request, reply) => {
    const id = draftIdOf(request.params);
    const principal = request.principal!;
    const context = await pageContextOf(services, principal);
    const draft = await services.drafts.read(principal, id, allQuestions, auditContext(request));
    return render(reply, principal, draft, context);
  });

  app.post('/referrals/drafts/:id/submit', route, async (request, reply) => {
    const id = draftIdOf(request.params);
    const principal = request.principal!;
    const body = bodyOf(request);
    const key = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '';
    const context = await pageContextOf(services, principal);
    let draft: Draft;
    try {
      draft = await services.drafts.read(principal, id, allQuestions, auditContext(request));
    } catch (error) {
      // The draft went with the referral made from it: a repeated submit shows that referral again.
      const reference = error instanceof NotFoundError && key ? await findSubmittedByIdempotencyKey(services.database, principal, key) : undefined;
      if (reference) return reply.redirect(`/referrals/submitted/${reference}`, 303);
      throw error;
    }
    const version = versionOf(body);
    if (version === undefined) return render(reply, principal, draft, context, [{ field: 'submit', message: 'This page is out of date. Check the answers and submit again.' }], 400);
    if (version !== draft.version) return render(reply, principal, draft, context, [{ field: 'submit', message: staleMessage }], 409);
    try {
      const result = await services.referrals.submit(principal, submissionFrom(draft.content.answers), draft.idempotencyKey, auditContext(request), { draftId: draft.id });
      return reply.redirect(`/referrals/submitted/${result.reference}`, 303);
    } catch (error) {
      // The draft stays as it was: nothing is lost when a submission is refused.
      if (error instanceof ReferralValidationError) return render(reply, principal, draft, context, [], 400);
      if (error instanceof IdempotencyConflictError) return render(reply, principal, draft, context, [{ field: 'submit', message: error.message }], 409);
      throw error;
    }
  });
}
