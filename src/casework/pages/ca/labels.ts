/** What the next step on a case is, in the queue and on the case page. */
export const nextStepLabels: Record<string, string> = {
  rg_decision: 'Reasonable grounds decision',
  second_review: 'Second review of a negative decision',
  reconsideration: 'Reconsideration request',
  missing: 'Suspended: person missing',
  case_review: 'Case review in the recovery period',
  cg_decision: 'Conclusive grounds decision',
};

export const markerTags = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--yellow' },
} as const;
