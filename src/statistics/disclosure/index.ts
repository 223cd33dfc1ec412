// Disclosure control for published statistics: pure functions, no storage, no I/O.
export * from './types.js';
export { suppressRelease } from './publish.js';
export { verifyRelease, type HiddenFigure, type Verification } from './verify.js';
export { roundRelease, roundToBase } from './rounding.js';
export { publishPercentage, type PercentageOf } from './percentages.js';
export { publishMedian } from './median.js';
export { groupRareCategories, groupRareColumns, groupRareRows, type CategoryCount } from './group-rare.js';
export { describeRule } from './describe-rule.js';
export { thresholdFor } from './model.js';
