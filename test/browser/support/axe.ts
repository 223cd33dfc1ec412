import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 AA, as the public sector accessibility regulations require. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

type AxeWindow = { axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> } };

/** Runs axe-core in the page and returns its violations in a printable shape. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // page.evaluate goes through the DevTools protocol, so the page's strict CSP does not block it.
  if (!(await page.evaluate(() => Boolean((window as AxeWindow).axe)))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const results = await (window as AxeWindow).axe!.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })),
    }));
  }, wcagTags);
}

export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  const report = violations.map((v) =>
    `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} <${v.helpUrl}>\n` +
    v.nodes.map((n) => `    at ${n.target}\n      ${n.summary.replaceAll('\n', '\n      ')}`).join('\n'),
  ).join('\n');
  assert.equal(violations.length, 0, `${what} (${page.url()}) has ${violations.length} accessibility violation(s):\n${report}`);
}
