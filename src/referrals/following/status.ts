/** How each referral status reads to the people following it. */
export const statusLabels: Record<string, { text: string; colour: string }> = {
  submitted: { text: 'Received', colour: 'blue' },
  awaiting_rg: { text: 'Awaiting reasonable grounds decision', colour: 'blue' },
  rg_positive: { text: 'Positive reasonable grounds: recovery period', colour: 'green' },
  rg_negative: { text: 'Negative reasonable grounds', colour: 'red' },
  suspended_missing: { text: 'Suspended: person missing', colour: 'orange' },
  awaiting_cg: { text: 'Awaiting conclusive grounds decision', colour: 'blue' },
  cg_positive: { text: 'Positive conclusive grounds', colour: 'green' },
  cg_negative: { text: 'Negative conclusive grounds', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
  closed: { text: 'Closed', colour: 'grey' },
  notified: { text: 'Duty to Notify report received', colour: 'grey' },
};

export function statusTag(status: string): { text: string; classes: string } {
  const label = statusLabels[status] ?? { text: status, colour: 'grey' };
  return { text: label.text, classes: `govuk-tag--${label.colour}` };
}
