import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { SUPPRESSED, type PublishedTable } from '../disclosure/index.js';

/**
 * A bar chart of a published table, drawn on the server as SVG (no script in the browser). Only
 * published figures are drawn; hidden ones are left out, and the chart is always shown with its table.
 * Plot writes one <style> element into the SVG: it gets the page's CSP nonce.
 */
export function barChart(table: PublishedTable, nonce: string): string {
  const data = table.rows.flatMap((row, r) => table.columns.map((column, c) => ({ row, column, n: table.cells[r]![c]! }))
    .filter((d): d is { row: string; column: string; n: number } => d.n !== SUPPRESSED));
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({
    document, width: 640, height: 320, marginLeft: 50, marginBottom: 40,
    x: { label: table.rowVariable, tickFormat: (d: string) => (d.length > 14 ? `${d.slice(0, 13)}…` : d) },
    y: { label: 'Number', grid: true },
    color: { legend: false, scheme: 'tableau10' },
    marks: [Plot.barY(data, { x: 'row', y: 'n', fill: 'column' }), Plot.ruleY([0])],
  }) as unknown as { outerHTML: string; setAttribute(name: string, value: string): void };
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${table.title}: bar chart. The figures are in the table that follows.`);
  return svg.outerHTML.replace('<style>', `<style nonce="${nonce}">`);
}
