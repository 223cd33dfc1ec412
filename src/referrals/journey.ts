import { withoutAnswersThatDoNotApply, type DraftAnswers } from './draft-answers.js';

/**
 * The order of the question pages, and which of them apply. One pure function of the answers so far
 * (and of whether the referrer's organisation carries the Duty to Notify), so the pages, the "Change"
 * links and the resume link can never disagree about where someone should be.
 */
export const pageIds = [
  'under-18', 'consent', 'duty-to-notify', 'cannot-refer', 'child-local-authority', 'name', 'date-of-birth', 'about-the-person',
  'safe-contact', 'immigration', 'situations', 'other-agencies', 'support-needs', 'check-answers',
] as const;
export type PageId = (typeof pageIds)[number];

export interface JourneyContext {
  /** Public authorities in England and Wales may make an anonymous Duty to Notify report instead. */
  mayNotify: boolean;
}

export interface JourneyState {
  answers: DraftAnswers;
  /** Pages saved at least once: optional pages cannot be told apart from unanswered ones by their answers. */
  done: PageId[];
}

/** The pages that apply to these answers, in order. */
export function journey(answers: DraftAnswers, context: JourneyContext): PageId[] {
  const pages: PageId[] = ['under-18'];
  if (answers.under18 === undefined) return [...pages, 'check-answers'];
  // "Not sure" is treated as a child: children are referred without consent.
  const child = answers.under18 !== 'no';
  if (!child) {
    pages.push('consent');
    if (answers.consent === false) {
      // Without consent, only a Duty to Notify report is possible — and only for some referrers.
      if (!context.mayNotify) return [...pages, 'cannot-refer'];
      pages.push('duty-to-notify');
    }
  }
  const anonymous = !child && answers.consent === false;
  if (child) pages.push('child-local-authority');
  if (!anonymous) pages.push('name', 'date-of-birth');
  pages.push('about-the-person');
  if (!anonymous) pages.push('safe-contact', 'immigration');
  pages.push('situations', 'other-agencies');
  if (!child && answers.consent === true) pages.push('support-needs');
  pages.push('check-answers');
  return pages;
}

/**
 * Where to go after saving `current`. Coming from "Check your answers", pages already answered are
 * skipped: a change that opens new questions (say, "not sure" instead of "no") asks only those.
 */
export function nextPage(current: PageId, state: JourneyState, context: JourneyContext, options: { fromCheck?: boolean } = {}): PageId {
  const pages = journey(state.answers, context);
  const at = pages.indexOf(current);
  if (at === -1) return resumePage(state, context);
  const later = pages.slice(at + 1);
  if (options.fromCheck) return later.find((p) => !state.done.includes(p) && p !== 'duty-to-notify') ?? 'check-answers';
  return later[0] ?? 'check-answers';
}

/** The page before `current`, for the back link. */
export function previousPage(current: PageId, answers: DraftAnswers, context: JourneyContext): PageId | undefined {
  const pages = journey(answers, context);
  const at = pages.indexOf(current);
  return at > 0 ? pages[at - 1] : undefined;
}

/** The first page that applies and has not been answered: where a draft taken over continues. */
export function resumePage(state: JourneyState, context: JourneyContext): PageId {
  const pages = journey(state.answers, context);
  return pages.find((p) => !state.done.includes(p) && p !== 'duty-to-notify') ?? 'check-answers';
}

/** A page that does not apply to the answers (a child's consent, a Duty to Notify report's name) is not shown. */
export function applies(page: PageId, answers: DraftAnswers, context: JourneyContext): boolean {
  if (page === 'under-18' || page === 'check-answers') return true;
  return journey(answers, context).includes(page);
}

/**
 * The state after a page is saved: answers that no longer apply are dropped (with the pages that asked
 * them), and the page counts as answered.
 */
export function afterSaving(state: JourneyState, page: PageId, answers: DraftAnswers, context: JourneyContext): JourneyState {
  const settled = withoutAnswersThatDoNotApply(answers, context);
  const done = [...new Set([...state.done, page])].filter((p) => applies(p, settled, context));
  return { answers: settled, done };
}
