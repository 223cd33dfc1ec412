import type { ReleaseModel } from './model.js';

/**
 * Primary suppression: every published figure from 1 up to its threshold − 1 is hidden — cells and
 * totals alike, since a total of 3 is as much a count of people as a cell of 3. A figure shared
 * between tables takes the highest threshold of the tables that publish it.
 *
 * Zero is not suppressed: true zeros are published, as in the Home Office tables. A zero reveals
 * no one, and hiding zeros would make every sparse table mostly [c].
 */
export function primarySuppressions(model: ReleaseModel): Set<number> {
  const hidden = new Set<number>();
  model.figures.forEach((figure, variable) => {
    if (figure.value >= 1 && figure.value < figure.threshold) hidden.add(variable);
  });
  return hidden;
}
