import path from 'node:path';
import nunjucks from 'nunjucks';
import { sourceRoot } from '../platform/paths.js';
import type { LetterContext } from './letters.js';

/**
 * Letters are rendered once, when the decision is issued, and kept as HTML exactly as sent. The PDF
 * and the plain-text email are drawn from that HTML, so every copy of a letter says the same thing.
 */

const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(sourceRoot, 'notices', 'templates')), {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
});

export function renderLetter(context: LetterContext): string {
  return templates.render(`${context.template}.njk`, context).replace(/\n\s*\n/g, '\n').trim();
}

export type LetterBlock =
  | { kind: 'from' | 'meta' | 'paragraph' | 'item'; text: string }
  | { kind: 'heading' | 'subheading'; text: string }
  | { kind: 'address'; lines: string[] };

const blockPattern = /<(p|address|h1|h2|li)\b([^>]*)>([\s\S]*?)<\/\1>/g;

/** The letter's text, block by block, from the HTML the templates write (and only those elements). */
export function letterBlocks(html: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  for (const [, tag, attributes, inner] of html.matchAll(blockPattern)) {
    if (tag === 'address') {
      const lines = inner!.split(/<br\s*\/?>/).map((line) => textOf(line)).filter(Boolean);
      if (lines.length > 0) blocks.push({ kind: 'address', lines });
      continue;
    }
    const text = textOf(inner!);
    if (!text) continue;
    if (tag === 'h1') blocks.push({ kind: 'heading', text });
    else if (tag === 'h2') blocks.push({ kind: 'subheading', text });
    else if (tag === 'li') blocks.push({ kind: 'item', text });
    else if (attributes!.includes('app-letter__from')) blocks.push({ kind: 'from', text });
    else if (attributes!.includes('app-letter__meta')) blocks.push({ kind: 'meta', text });
    else blocks.push({ kind: 'paragraph', text });
  }
  return blocks;
}

/** The letter as plain text, for the text part of the email. */
export function letterText(html: string): string {
  return letterBlocks(html).map((b) => {
    if (b.kind === 'address') return b.lines.join('\n');
    if (b.kind === 'heading') return `${b.text}\n${'='.repeat(b.text.length)}`;
    if (b.kind === 'subheading') return `${b.text}\n${'-'.repeat(b.text.length)}`;
    if (b.kind === 'item') return `* ${b.text}`;
    return b.text;
  }).join('\n\n');
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
