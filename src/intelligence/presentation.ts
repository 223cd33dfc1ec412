import { exploitationTypes } from '../referrals/vocabulary.js';
import { gradeCode, handlingCodes, intelligenceAssessments, sourceEvaluations, triageStatuses, type Grading, type TriageStatus } from './grading.js';
import { personRoles, type ReportFilters } from './schema.js';
import type { ReportSummaryRow } from './store.js';

export type Labels = Map<string, string>;

export const sourceLabels = { agency: 'Agency', public: 'Public (anonymous)' } as const;

export function exploitationLabels(codes: readonly string[]): string {
  return codes.map((c) => exploitationTypes[c as keyof typeof exploitationTypes]?.label ?? c).join(', ') || 'Not given';
}

export function statusLabel(status: string): string {
  return triageStatuses[status as TriageStatus] ?? status;
}

export function forceLabel(code: string | null | undefined, forces: Labels): string {
  return code ? forces.get(code) ?? code : 'Not known';
}

/** One line of a list: no sealed text, places shortened. */
export function describeSummary(row: ReportSummaryRow, forces: Labels) {
  const where = [...row.places, ...row.businesses];
  return {
    reference: row.reference,
    received: row.receivedAt,
    source: row.source === 'public' ? sourceLabels.public : row.organisationName ?? sourceLabels.agency,
    where: where.length > 2 ? `${where.slice(0, 2).join('; ')} and ${where.length - 2} more` : where.join('; ') || 'Not given',
    force: forceLabel(row.policeForceCode, forces),
    exploitation: exploitationLabels(row.exploitationTypes),
    grade: gradeCode({ source: row.sourceEvaluation, intelligence: row.intelligenceAssessment, handling: row.handlingCode } as Partial<Grading>) ?? 'Not graded',
    status: statusLabel(row.triageStatus),
  };
}

export function gradingChoices(grading: Partial<Grading> | null | undefined) {
  const items = <K extends string>(labels: Record<K, string>, chosen: string | undefined) =>
    Object.entries(labels).map(([value, text]) => ({ value, text: `${value}: ${text as string}`, checked: value === chosen }));
  return {
    source: items(sourceEvaluations, grading?.source),
    intelligence: items(intelligenceAssessments, grading?.intelligence),
    handling: items(handlingCodes, grading?.handling),
  };
}

export function personRoleLabel(role: string): string {
  return personRoles[role as keyof typeof personRoles] ?? role;
}

/** The filters' select boxes, each with "Any" first and the chosen value selected. */
export function filterChoices(chosen: Partial<Record<keyof ReportFilters, unknown>>, forces: { code: string; label: string }[]) {
  const items = (options: [string, string][], selected: unknown, any: string) => [
    { value: '', text: any },
    ...options.map(([value, text]) => ({ value, text, selected: value === selected })),
  ];
  return {
    status: items(Object.entries(triageStatuses), chosen.status, 'Any status'),
    source: items(Object.entries(sourceLabels), chosen.source, 'Any source'),
    policeForceCode: items([['none', 'Not known'], ...forces.map((f): [string, string] => [f.code, f.label])], chosen.policeForceCode, 'All areas'),
    exploitationType: items(Object.entries(exploitationTypes).map(([code, v]) => [code, v.label]), chosen.exploitationType, 'All types'),
  };
}
