import type { CaseRecords } from '../../casework/case-record.js';
import { outcomeLabels, stageLabels } from '../../casework/outcomes.js';
import { reconsiderationGrounds, type ReconsiderationGround } from '../../casework/reconsideration.js';
import type { NoticeSummary } from '../../notices/service.js';

export type CaseRecord = Awaited<ReturnType<CaseRecords['load']>>;

interface Tag {
  text: string;
  classes: string;
}

export const permitBasisLabels: Record<string, string> = {
  police_cooperation: 'To help with a police investigation or criminal proceedings',
  personal_circumstances: 'Because of their personal circumstances',
};

const reconsiderationTags: Record<string, Tag> = {
  requested: { text: 'Waiting for a decision', classes: 'govuk-tag--blue' },
  accepted: { text: 'Accepted', classes: 'govuk-tag--green' },
  refused: { text: 'Refused', classes: 'govuk-tag--red' },
};

/** Text split into paragraphs at blank lines, as the decision letter splits the reasons. */
export function reasonParagraphs(text: string | null | undefined): string[] {
  return (text ?? '').split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
}

export function decisionTitle(d: { stage: 'rg' | 'cg' | string }): string {
  return `${stageLabels[d.stage as 'rg' | 'cg'] ?? d.stage} decision`;
}

function requestTag(r: CaseRecord['informationRequests'][number]): Tag {
  if (r.answeredAt) return { text: 'Answered', classes: 'govuk-tag--green' };
  if (r.overdue) return { text: 'Overdue', classes: 'govuk-tag--red' };
  return { text: 'Waiting for an answer', classes: 'govuk-tag--yellow' };
}

/**
 * The casework on a case as the people following the referral read it: issued decisions only (with
 * their reasons, as the letter gives them), the recovery period, the letters, the Competent
 * Authority's questions and any requests for reconsideration. What the viewer may do is passed in:
 * only the first responder answers questions and asks for reconsideration.
 */
export function caseworkView(record: CaseRecord, letters: NoticeSummary[], viewer: { mayAnswer: boolean; mayAskReconsideration: boolean }) {
  const issued = record.decisions.filter((d) => d.status === 'issued');
  const decisionOf = (decisionId: string) => {
    const d = record.decisions.find((x) => x.id === decisionId);
    return { title: d ? decisionTitle(d) : 'Decision', decidedOn: d?.decidedOn ?? null };
  };
  const window = record.reconsideration;
  return {
    today: record.today,
    decisions: [...issued].reverse().map((d) => ({
      id: d.id,
      title: decisionTitle(d),
      outcome: outcomeLabels[d.outcome as keyof typeof outcomeLabels] ?? d.outcome,
      tag: d.positive ? { text: 'Positive', classes: 'govuk-tag--green' } : { text: 'Negative', classes: 'govuk-tag--red' },
      decidedOn: d.decidedOn,
      reasons: reasonParagraphs(d.reasons),
      moveOnEnd: d.stage === 'cg' ? d.moveOnEnd : null,
      reconsiderationOf: d.reconsiderationOf ? decisionOf(d.reconsiderationOf) : null,
      residencePermit: d.residencePermit ? {
        recommended: d.residencePermit.recommended,
        bases: d.residencePermit.bases.map((b) => permitBasisLabels[b] ?? b),
        periodMonths: d.residencePermit.periodMonths,
      } : null,
    })),
    recoveryPeriod: record.recoveryPeriod,
    suspensions: record.suspensions,
    missingNow: record.suspensions.some((s) => !s.endedAt),
    letters: letters.map((l) => ({ ...l, decision: decisionOf(l.decisionId) })),
    informationRequests: record.informationRequests.map((r) => ({
      ...r, questionParagraphs: reasonParagraphs(r.question), answerParagraphs: reasonParagraphs(r.answer),
      tag: requestTag(r), answerable: viewer.mayAnswer && !r.answeredAt, fieldId: `answer-${r.id}`,
    })),
    awaitingAnswers: record.informationRequests.filter((r) => !r.answeredAt).length,
    reconsiderations: [...record.reconsiderations].reverse().map((r) => ({
      ...r,
      decision: decisionOf(r.decisionId),
      groundsLabel: reconsiderationGrounds[r.grounds as ReconsiderationGround] ?? r.grounds,
      detailParagraphs: reasonParagraphs(r.detail), responseParagraphs: reasonParagraphs(r.response),
      tag: reconsiderationTags[r.status] ?? { text: r.status, classes: 'govuk-tag--grey' },
    })),
    reconsiderationWindow: window ? {
      decisionTitle: decisionTitle(window),
      deadline: window.deadline,
      open: window.open,
      mayAsk: window.open && viewer.mayAskReconsideration,
      // Closed by time, not because a request was made (that request is listed instead).
      closed: record.today > window.deadline,
      asked: record.reconsiderations.some((r) => r.decisionId === window.decisionId),
    } : null,
  };
}

export type CaseworkView = ReturnType<typeof caseworkView>;
