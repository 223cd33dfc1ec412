import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requires } from '../../platform/auth/route-policy.js';
import { toFormErrors, type FormErrors } from '../../platform/http/forms.js';
import { auditContext } from '../../platform/http/request-context.js';
import { NotFoundError, StaleVersionError } from '../../platform/db/errors.js';
import type { ReferenceList } from '../../reference-data/schema.js';
import { questionPages, type FormValues, type PageContext } from '../draft-answers.js';
import type { Draft } from '../drafts.js';
import { afterSaving, applies, nextPage, resumePage, type PageId } from '../journey.js';
import { asylumClaims, detentions, genders, immigrationStatuses, letterRecipients, supportNeeds, under18Answers } from '../vocabulary.js';
import {
  bodyOf, checkboxItems, draftIdOf, draftUrl, fromCheck, outOfDateMessage, pageContextOf, pageFrame, radioItems, referenceOptions,
  selectItems, staleMessage, versionOf,
} from './common.js';

type Options = Awaited<ReturnType<typeof referenceOptions>>;

interface PageView {
  /** The field the error summary links to for a problem with the whole form. */
  firstField: string;
  lists?: ReferenceList[];
  items?(values: FormValues, options: Options): Record<string, unknown>;
}

const yesNoItems = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' },
  { value: 'no', text: 'No', checked: value === 'no' },
];
const numberedSelects = (prefix: string, items: Options[ReferenceList], values: FormValues, placeholder: string) =>
  [1, 2, 3].map((n) => ({ id: `${prefix}${n}`, n, items: selectItems(items, values[`${prefix}${n}`], placeholder) }));

/** What each page shows besides the saved answers: the items of its radios, checkboxes and selects. */
const views: Partial<Record<PageId, PageView>> = {
  'under-18': { firstField: 'under18', items: (v) => ({ under18Items: radioItems(under18Answers, v.under18) }) },
  consent: { firstField: 'consent', items: (v) => ({ consentItems: yesNoItems(v.consent) }) },
  'child-local-authority': {
    firstField: 'code', lists: ['local_authority'],
    items: (v, o) => ({ localAuthorityItems: selectItems(o.local_authority, v.code, 'Select a local authority') }),
  },
  name: { firstField: 'givenName' },
  'date-of-birth': { firstField: 'dateOfBirth-day' },
  'about-the-person': {
    firstField: 'gender', lists: ['nationality', 'language'],
    items: (v, o) => ({
      genderItems: radioItems(genders, v.gender),
      nationalitySelects: numberedSelects('nationality', o.nationality, v, 'Select a nationality'),
      languageSelects: numberedSelects('language', o.language, v, 'Select a language'),
    }),
  },
  'safe-contact': { firstField: 'phone', items: (v) => ({ recipientItems: radioItems(letterRecipients, v.letterRecipient) }) },
  immigration: {
    firstField: 'immigrationStatus', lists: ['uk_place'],
    items: (v, o) => ({
      statusItems: radioItems(immigrationStatuses, v.immigrationStatus), asylumItems: radioItems(asylumClaims, v.asylumClaim),
      detentionItems: radioItems(detentions, v.detention), placeItems: selectItems(o.uk_place, v.currentPlace, 'Select a town or city'),
    }),
  },
  'other-agencies': {
    firstField: 'policeForceCode', lists: ['police_force'],
    items: (v, o) => ({ policeForceItems: selectItems(o.police_force, v.policeForceCode, 'Select a police force') }),
  },
  'support-needs': { firstField: 'supportNeeds', items: (v) => ({ supportNeedItems: checkboxItems(supportNeeds, v.supportNeeds) }) },
};

/** Pages that only explain, with no question of their own. */
const infoPages: PageId[] = ['duty-to-notify', 'cannot-refer'];

const pageParams = z.object({ id: z.uuid(), page: z.string() });
function pageOf(params: unknown, options: { info: boolean }): { id: string; page: PageId } {
  const parsed = pageParams.safeParse(params);
  const page = parsed.data?.page as PageId | undefined;
  if (!parsed.success || !page || !(questionPages[page] || (options.info && infoPages.includes(page)))) throw new NotFoundError('No such page');
  return { id: parsed.data.id, page };
}

/** The one-question-at-a-time pages: each shows the saved answers, and each post validates and saves its own. */
export async function questionPageRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  async function render(reply: FastifyReply, page: PageId, draft: Draft, context: PageContext, values: FormValues, changing: boolean, errors?: FormErrors, status = 200) {
    const view = views[page];
    const options = await referenceOptions(services, view?.lists ?? []);
    return reply.code(status).render(`referrals/views/${page}.njk`, {
      ...pageFrame(draft, page, context, changing), values, errors, mayNotify: context.mayNotify, ...view?.items?.(values, options),
    });
  }

  // Continue a draft (one's own or a colleague's) where it was left.
  app.get('/referrals/drafts/:id', { config: requires('referrals:create') }, async (request, reply) => {
    const id = draftIdOf(request.params);
    const principal = request.principal!;
    const context = await pageContextOf(services, principal);
    const draft = await services.drafts.read(principal, id, [], auditContext(request));
    return reply.redirect(draftUrl(id, resumePage(draft.content, context)));
  });

  app.get('/referrals/drafts/:id/:page', { config: requires('referrals:create') }, async (request, reply) => {
    const { id, page } = pageOf(request.params, { info: true });
    const principal = request.principal!;
    const context = await pageContextOf(services, principal);
    const question = questionPages[page];
    const draft = await services.drafts.read(principal, id, question?.fields ?? ['consent'], auditContext(request));
    if (!applies(page, draft.content.answers, context)) return reply.redirect(draftUrl(id, resumePage(draft.content, context)));
    if (!question) {
      // The explanation pages: the Duty to Notify goes on to its questions; without it, the journey stops.
      return reply.render(`referrals/views/${page}.njk`, {
        ...pageFrame(draft, page, context, false), next: draftUrl(id, nextPage(page, draft.content, context)), changeConsent: draftUrl(id, 'consent'),
      });
    }
    return render(reply, page, draft, context, question.values(draft.content.answers), fromCheck(request));
  });

  app.post('/referrals/drafts/:id/:page', { config: requires('referrals:create') }, async (request, reply) => {
    const { id, page } = pageOf(request.params, { info: false });
    const question = questionPages[page]!;
    const firstField = views[page]?.firstField ?? 'main-content';
    const principal = request.principal!;
    const context = await pageContextOf(services, principal);
    const body = bodyOf(request);
    const changing = fromCheck(request, body);
    const version = versionOf(body);
    const reread = () => services.drafts.read(principal, id, question.fields, auditContext(request));

    if (version === undefined) {
      return render(reply, page, await reread(), context, body as FormValues, changing, toFormErrors([{ field: firstField, message: outOfDateMessage }]), 400);
    }
    try {
      const saved = await services.drafts.save(principal, id, version, question.fields, (content) => {
        const applied = question.apply(body, content.answers, context);
        return applied.ok ? { ok: true, content: afterSaving(content, page, applied.answers, context) } : applied;
      }, auditContext(request));
      if (!saved.ok) return render(reply, page, saved.draft, context, body as FormValues, changing, toFormErrors(saved.problems), 400);
      return reply.redirect(draftUrl(id, nextPage(page, saved.draft.content, context, { fromCheck: changing })), 303);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // A colleague saved first: show what is stored now, and change nothing.
      const draft = await reread();
      return render(reply, page, draft, context, question.values(draft.content.answers), changing, toFormErrors([{ field: firstField, message: staleMessage }]), 409);
    }
  });
}
