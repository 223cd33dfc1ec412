import type { Release } from '../releases.js';

/** The machine-readable form: the same tables, figures as numbers or "[c]". */
export function releaseJson(release: Release): string {
  return JSON.stringify({
    period: { from: release.from, to: release.to }, area: release.area, cutOff: release.cutOff, publishedAt: release.publishedAt,
    rule: release.rule, tables: release.tables, timeliness: release.timeliness, revisions: release.revisions, previousCutOff: release.previousCutOff,
  }, null, 2);
}
