/**
 * Intelligence grading by the UK 3x5x2 model (College of Policing, Authorised Professional Practice on
 * intelligence management, replacing 5x5x5 in 2016): the source is evaluated A–C, the intelligence
 * assessed 1–5, and a handling code P or C says whether it may be shared without conditions.
 */
export const sourceEvaluations = {
  A: 'Reliable',
  B: 'Untested',
  C: 'Not reliable',
} as const;

export const intelligenceAssessments = {
  1: 'Known directly to the source',
  2: 'Known indirectly to the source but corroborated',
  3: 'Known indirectly to the source',
  4: 'Not known',
  5: 'Suspected to be false or malicious',
} as const;

export const handlingCodes = {
  P: 'Lawful sharing permitted',
  C: 'Lawful sharing permitted subject to conditions',
} as const;

export type SourceEvaluation = keyof typeof sourceEvaluations;
export type IntelligenceAssessment = `${keyof typeof intelligenceAssessments}`;
export type HandlingCode = keyof typeof handlingCodes;

export const sourceEvaluationCodes = Object.keys(sourceEvaluations) as [SourceEvaluation, ...SourceEvaluation[]];
export const intelligenceAssessmentCodes = Object.keys(intelligenceAssessments) as [IntelligenceAssessment, ...IntelligenceAssessment[]];
export const handlingCodeCodes = Object.keys(handlingCodes) as [HandlingCode, ...HandlingCode[]];

export interface Grading {
  source: SourceEvaluation;
  intelligence: IntelligenceAssessment;
  handling: HandlingCode;
}

/** "B3P", as the grade is written on an intelligence report. */
export function gradeCode(grading: Partial<Grading> | null | undefined): string | null {
  if (!grading?.source || !grading.intelligence || !grading.handling) return null;
  return `${grading.source}${grading.intelligence}${grading.handling}`;
}

export function describeGrading(grading: Grading): string {
  return `${gradeCode(grading)}: source ${sourceEvaluations[grading.source].toLowerCase()}; ${intelligenceAssessments[grading.intelligence].toLowerCase()}; ${handlingCodes[grading.handling].toLowerCase()}`;
}

export const triageStatuses = {
  new: 'New',
  triaged: 'Triaged',
  actioned: 'Actioned',
  no_further_action: 'No further action',
} as const;
export type TriageStatus = keyof typeof triageStatuses;
export const triageStatusCodes = Object.keys(triageStatuses) as [TriageStatus, ...TriageStatus[]];
