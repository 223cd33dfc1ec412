/**
 * An action's progress status, as the plan updates report it (Annex A's "Progress" column), and the
 * rule for moving from one to another. Pure: the service asks it before writing anything.
 */
export const progressStatuses = ['new_action', 'on_track', 'ongoing', 'delayed', 'completed', 'withdrawn'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

export const progressStatusLabels: Record<ProgressStatus, string> = {
  new_action: 'New action',
  on_track: 'On track',
  ongoing: 'Ongoing',
  delayed: 'Delayed',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

export function isProgressStatus(value: unknown): value is ProgressStatus {
  return typeof value === 'string' && (progressStatuses as readonly string[]).includes(value);
}

export type TransitionCheck = { ok: true } | { ok: false; field: 'status' | 'withdrawalReason'; message: string };

/**
 * Whether an action may move from `from` to `to`.
 * - "New action" is only how an action enters a plan: nothing moves back to it.
 * - Withdrawn is final (Annex B reports a withdrawn action and its reason; it does not come back).
 * - A completed action may only be reopened as ongoing (Annex B: "completed but there is a need to
 *   develop or review such work"), or have a further note recorded against it as completed.
 * - A withdrawal says why ("Withdrawn because …").
 * Staying at the same status records a dated note without a change.
 */
export function checkTransition(from: ProgressStatus, to: ProgressStatus, withdrawalReason?: string | null): TransitionCheck {
  if (from === 'withdrawn') return { ok: false, field: 'status', message: 'This action was withdrawn: a withdrawn action cannot change' };
  if (to === 'new_action' && from !== 'new_action') {
    return { ok: false, field: 'status', message: `An action that is ${progressStatusLabels[from].toLowerCase()} cannot become a new action again` };
  }
  if (from === 'completed' && !['completed', 'ongoing'].includes(to)) {
    return { ok: false, field: 'status', message: `A completed action cannot become ${progressStatusLabels[to].toLowerCase()}: reopen it as ongoing first` };
  }
  if (to === 'withdrawn' && !withdrawalReason?.trim()) {
    return { ok: false, field: 'withdrawalReason', message: 'Enter the reason the action is withdrawn' };
  }
  return { ok: true };
}

/** The statuses a person may choose next, for the form (the rule above decides). */
export function nextStatuses(from: ProgressStatus): ProgressStatus[] {
  return progressStatuses.filter((to) => checkTransition(from, to, 'reason').ok);
}
