import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, CsvError } from 'csv-parse/sync';
import { nations, type Nation } from '../organisations/kinds.js';
import { codePatterns, isValidCode, parentListOf, referenceLists, type ReferenceList } from './schema.js';

/** One row of a data file, ready to insert. `line` is where it is in the file, for messages. */
export interface ReferenceRow {
  list: ReferenceList;
  code: string;
  label: string;
  nation: Nation | null;
  parentCode: string | null;
  attributes: Record<string, unknown>;
  line: number;
}

export const csvHeader = ['code', 'label', 'nation', 'parent_code'] as const;
const parentCodePattern = /^[A-Za-z0-9-]{2,40}$/;

/** One or more data files are wrong; each problem reads "file:line: what is wrong". */
export class ReferenceDataFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Reference data files have ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was loaded from them:\n${problems.join('\n')}`);
  }
}

export type ParseResult = { ok: true; rows: ReferenceRow[] } | { ok: false; problems: string[] };

/**
 * Parses one list's CSV. A file is all or nothing: either every row is returned, or none is and every
 * problem is reported with its file and line, so that a half-loaded list never reaches the forms.
 */
export function parseReferenceFile(list: ReferenceList, text: string, file: string): ParseResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problems: [`${file}:${String(error.lines ?? '?')}: ${error.message}`] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header || header.record.map((h) => h.trim()).join(',') !== csvHeader.join(',')) {
    return { ok: false, problems: [`${file}:1: the first line must be the header ${csvHeader.join(',')}`] };
  }

  const problems: string[] = [];
  const rows: ReferenceRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const at = (message: string) => problems.push(`${file}:${line}: ${message}`);
    if (record.length !== csvHeader.length) {
      at(`expected ${csvHeader.length} fields (${csvHeader.join(',')}), found ${record.length}`);
      continue;
    }
    const [code, label, nation, parentCode] = record.map((field) => field.trim()) as [string, string, string, string];
    const before = problems.length;
    if (!isValidCode(list, code)) at(`code "${code}" is not in the format for ${list}: ${codePatterns[list].hint}`);
    else if (firstLine.has(code)) at(`duplicate code "${code}" (first on line ${firstLine.get(code)})`);
    else firstLine.set(code, line);
    if (label === '') at('the label is empty');
    else if (label.length > 200) at('the label is longer than 200 characters');
    else if (/[\r\n]/.test(label)) at('the label runs over more than one line');
    if (nation !== '' && !(nations as readonly string[]).includes(nation)) at(`nation "${nation}" is not one of ${nations.join(', ')} (or empty)`);
    if (parentCode !== '' && !parentListOf[list]) at(`${list} items have no parent, but parent_code is "${parentCode}"`);
    else if (parentCode !== '' && !parentCodePattern.test(parentCode)) at(`parent_code "${parentCode}" is not a code`);
    if (problems.length > before) continue;
    rows.push({
      list, code, label, line,
      nation: nation === '' ? null : (nation as Nation),
      parentCode: parentCode === '' ? null : parentCode,
      attributes: attributesFor(list, code),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

export function referenceFilePath(dir: string, list: ReferenceList): string {
  return path.join(dir, `${list}.csv`);
}

/**
 * Reads and checks every list's file, and that each parent code is in its parent list. Throws
 * ReferenceDataFileError naming every problem; on success returns the rows of every list.
 */
export async function readReferenceFiles(dir: string, lists: readonly ReferenceList[] = referenceLists): Promise<ReferenceRow[]> {
  const problems: string[] = [];
  const parsed = new Map<ReferenceList, ReferenceRow[]>();
  for (const list of lists) {
    const file = referenceFilePath(dir, list);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    const result = parseReferenceFile(list, text, file);
    if (result.ok) parsed.set(list, result.rows);
    else problems.push(...result.problems);
  }
  for (const [list, rows] of parsed) {
    const parentList = parentListOf[list];
    const parents = parentList && parsed.get(parentList);
    if (!parentList || !parents) continue; // a bad parent file is already reported
    const known = new Set(parents.map((r) => r.code));
    for (const row of rows) {
      if (row.parentCode && !known.has(row.parentCode)) {
        problems.push(`${referenceFilePath(dir, list)}:${row.line}: parent_code "${row.parentCode}" is not in ${parentList}.csv`);
      }
    }
  }
  if (problems.length > 0) throw new ReferenceDataFileError(problems);
  return [...parsed.values()].flat();
}

/** What kind of thing an item is, worked out from its code, so the files need no extra column. */
export function attributesFor(list: ReferenceList, code: string): Record<string, unknown> {
  switch (list) {
    case 'nationality':
      return { standard: 'ISO 3166-1 alpha-2' };
    case 'language':
      return { standard: code.length === 3 ? 'ISO 639-3' : 'ISO 639-1' };
    case 'police_force':
      return code === 'BTP'
        ? { kind: 'special', note: 'No police force area code: polices the railways of England, Wales and Scotland' }
        : { kind: 'territorial', gssCode: code };
    case 'local_authority':
      return localAuthorityAttributes(code);
    case 'uk_place':
      return {};
  }
}

const localAuthorityKinds: [RegExp, string][] = [
  [/^E06/, 'unitary_authority'],
  [/^E08/, 'metropolitan_borough'],
  [/^E09000001$/, 'city_of_london'],
  [/^E09/, 'london_borough'],
  [/^E10/, 'county_council'],
  [/^W06/, 'principal_council'],
  [/^S12/, 'council_area'],
];

function localAuthorityAttributes(code: string): Record<string, unknown> {
  if (code.startsWith('NI-HSCT-')) {
    return { kind: 'health_and_social_care_trust', note: "In Northern Ireland children's services are held by the Health and Social Care Trusts, not by councils; the code is Palermo's own, not an ONS code" };
  }
  const kind = localAuthorityKinds.find(([pattern]) => pattern.test(code))?.[1];
  return kind ? { kind, gssCode: code } : {};
}
