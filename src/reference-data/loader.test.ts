import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseReferenceFile, readReferenceFiles, ReferenceDataFileError, type ReferenceRow } from './loader.js';
import { referenceDataFolder } from '../platform/paths.js';
import { referenceLists } from './schema.js';

const header = 'code,label,nation,parent_code';

function problemsOf(result: ReturnType<typeof parseReferenceFile>): string[] {
  assert.equal(result.ok, false, 'the file is refused');
  return result.ok ? [] : result.problems;
}

describe('reference data loader: one file', () => {
  it('parses a good file, with quoted fields, a byte-order mark and blank lines', () => {
    const text = `\uFEFF${header}\nE23000001,Metropolitan Police Service,england,\n\nBTP,British Transport Police,,\nE23000034,"City of London Police, the",england,\n`;
    const result = parseReferenceFile('police_force', text, 'police_force.csv');
    assert.ok(result.ok);
    assert.deepEqual(result.rows.map((r) => [r.code, r.label, r.nation, r.parentCode, r.line]), [
      ['E23000001', 'Metropolitan Police Service', 'england', null, 2],
      ['BTP', 'British Transport Police', null, null, 4],
      ['E23000034', 'City of London Police, the', 'england', null, 5],
    ]);
    assert.equal(result.rows[0]!.attributes.kind, 'territorial');
    assert.equal(result.rows[1]!.attributes.kind, 'special');
  });

  it('reports a bad row with its file and line, and returns no rows from that file', () => {
    const text = `${header}\nGB,United Kingdom,,\nfr,France,,\nDE,,,\nES,Spain,atlantis,\nIT,Italy,,\n`;
    const problems = problemsOf(parseReferenceFile('nationality', text, 'nationality.csv'));
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /^nationality\.csv:3: code "fr" is not in the format for nationality/);
    assert.match(problems[1]!, /^nationality\.csv:4: the label is empty/);
    assert.match(problems[2]!, /^nationality\.csv:5: nation "atlantis" is not one of/);
  });

  it('refuses a code that appears twice, naming both lines', () => {
    const text = `${header}\nGB,United Kingdom,,\nFR,France,,\nGB,Great Britain,,\n`;
    const problems = problemsOf(parseReferenceFile('nationality', text, 'nationality.csv'));
    assert.deepEqual(problems, ['nationality.csv:4: duplicate code "GB" (first on line 2)']);
  });

  it('refuses a wrong header, a wrong number of fields and broken quoting', () => {
    assert.match(problemsOf(parseReferenceFile('language', 'code,name\nen,English\n', 'language.csv'))[0]!, /^language\.csv:1: the first line must be the header/);
    assert.match(problemsOf(parseReferenceFile('language', `${header}\nen,English,,,extra\n`, 'language.csv'))[0]!, /^language\.csv:2: expected 4 fields/);
    assert.match(problemsOf(parseReferenceFile('language', `${header}\nen,"English,,\n`, 'language.csv'))[0]!, /^language\.csv:\d+: .*quote/i);
  });

  it('refuses a parent code in a list that has no parents', () => {
    const problems = problemsOf(parseReferenceFile('language', `${header}\nen,English,,E23000001\n`, 'language.csv'));
    assert.match(problems[0]!, /^language\.csv:2: language items have no parent/);
  });
});

describe('reference data loader: every file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'palermo-reference-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a parent code that is not in the parent list, with file and line', async () => {
    writeFileSync(path.join(dir, 'police_force.csv'), `${header}\nE23000011,South Yorkshire Police,england,\n`);
    writeFileSync(path.join(dir, 'uk_place.csv'), `${header}\nsheffield,Sheffield,england,E23000011\nleeds,Leeds,england,E23000010\n`);
    await assert.rejects(readReferenceFiles(dir, ['police_force', 'uk_place']), (error: unknown) => {
      assert.ok(error instanceof ReferenceDataFileError);
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0]!, /uk_place\.csv:3: parent_code "E23000010" is not in police_force\.csv$/);
      return true;
    });
  });

  it('reports a missing file', async () => {
    await assert.rejects(readReferenceFiles(dir, ['language']), /language\.csv: cannot be read \(ENOENT\)/);
  });
});

describe('the data files shipped with Palermo', () => {
  let rows: ReferenceRow[];
  const of = (list: string) => rows.filter((r) => r.list === list);
  before(async () => {
    rows = await readReferenceFiles(referenceDataFolder);
  });

  it('all parse, and every list has items', () => {
    for (const list of referenceLists) assert.ok(of(list).length > 0, list);
  });

  it('has the 249 ISO 3166-1 countries, Kosovo and “Not known”, and the ISO 639-1 languages with British Sign Language', () => {
    assert.equal(of('nationality').length, 251);
    assert.equal(of('nationality').find((r) => r.code === 'XX')?.label, 'Not known');
    assert.equal(of('nationality').find((r) => r.code === 'GB')?.label, 'United Kingdom');
    assert.equal(of('language').find((r) => r.code === 'bfi')?.label, 'British Sign Language');
    assert.equal(of('language').find((r) => r.code === 'en')?.label, 'English');
  });

  it('has the 43 forces of England and Wales, Police Scotland, the PSNI and British Transport Police', () => {
    const forces = of('police_force');
    assert.equal(forces.length, 46);
    assert.equal(forces.filter((f) => /^E23/.test(f.code)).length, 39);
    assert.equal(forces.filter((f) => /^W15/.test(f.code)).length, 4);
    assert.deepEqual(forces.filter((f) => !f.nation).map((f) => f.code), ['BTP']);
  });

  it("has every authority with children's services duties, each with its police force", () => {
    const authorities = of('local_authority');
    const byPrefix = (prefix: string) => authorities.filter((a) => a.code.startsWith(prefix)).length;
    assert.deepEqual([byPrefix('E06'), byPrefix('E08'), byPrefix('E09'), byPrefix('E10'), byPrefix('W06'), byPrefix('S12'), byPrefix('NI-HSCT-')], [63, 36, 33, 21, 22, 32, 5]);
    assert.ok(authorities.every((a) => a.parentCode && a.nation));
  });

  it('has at least 150 towns and cities across the four nations, each with its police force', () => {
    const places = of('uk_place');
    assert.ok(places.length >= 150, `${places.length} places`);
    assert.deepEqual(new Set(places.map((p) => p.nation)), new Set(['england', 'wales', 'scotland', 'northern_ireland']));
    assert.ok(places.every((p) => p.parentCode));
  });
});
