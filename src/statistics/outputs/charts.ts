import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { SUPPRESSED, type PublishedTable } from '../disclosure/index.js';

/**
 * A bar chart of a published table, drawn on the server as SVG (no script in the browser). Only
 * published figures are drawn; hidden ones are left out, and the chart is always shown with its table.
 * The bars are coloured by column, so a legend names the colours: colour alone must not carry the
 * meaning (WCAG 1.4.1). The chart is one image with a text alternative naming its table; the legend is
 * hidden from screen readers, which read the table instead. Plot writes <style> elements: they get the
 * page's CSP nonce.
 */
export function barChart(table: PublishedTable, nonce: string): string {
  const data = table.rows.flatMap((row, r) => table.columns.map((column, c) => ({ row, column, n: table.cells[r]![c]! }))
    .filter((d): d is { row: string; column: string; n: number } => d.n !== SUPPRESSED));
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const plot = Plot.plot({
    document, width: 640, height: 320, marginLeft: 50, marginBottom: 40,
    x: { label: table.rowVariable, tickFormat: (d: string) => (d.length > 14 ? `${d.slice(0, 13)}…` : d) },
    y: { label: 'Number', grid: true },
    // One colour per column of the table, in its order, whichever columns have figures to draw.
    color: { domain: [...table.columns], scheme: 'tableau10' },
    marks: [Plot.barY(data, { x: 'row', y: 'n', fill: 'column' }), Plot.ruleY([0])],
  });
  // No legend for a table without columns (nothing counted in the period).
  const legend = plot.legend('color') as unknown as HtmlElement | undefined;
  legend?.setAttribute('aria-hidden', 'true');
  const svg = plot as unknown as HtmlElement & { querySelectorAll(selector: string): Iterable<HtmlElement & { removeAttribute(name: string): void }> };
  // Plot names its groups of marks ("bar", "x-axis tick label") with aria-label, which a plain <g> may
  // not carry; inside one image they are not read anyway.
  for (const group of svg.querySelectorAll('[aria-label]')) group.removeAttribute('aria-label');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${table.title}: bar chart. The figures are in table ${table.id}, which follows.`);
  return ((legend?.outerHTML ?? '') + svg.outerHTML).replaceAll('<style>', `<style nonce="${nonce}">`);
}

type HtmlElement = { outerHTML: string; setAttribute(name: string, value: string): void };
