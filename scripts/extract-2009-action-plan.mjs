#!/usr/bin/env node
// Writes action-plans/uk-2009-update.json from the text of the *Update to the UK Action Plan on
// Tackling Human Trafficking* (October 2009): Annex A (the 38 actions of 2009) and Annex B (progress
// against the 2008 update's actions). Each cell is copied as the document prints it; what the script
// adds is said here:
// - indicators: a cell is split into the separate indicators it runs together (the document's table
//   cells lose their line breaks), at the phrases listed in `indicatorStarts`; joined with a space
//   they give back the cell exactly (the script checks);
// - responsible parties: the cell's names one by one, with the organisation each abbreviation stands for;
// - status: the Progress column's wording where it is a status ("New action", "On track", "Ongoing");
//   where it is a note instead, `statusFromNote` gives the status (ongoing where Annex B carries an
//   ongoing 2008 action into it, new action where the note says so);
// - dueOn: the last day of the latest month, season or year the timetable names;
// - Annex B: the disposition (ongoing, completed, withdrawn) and the 2009 actions the outcome names.
// Usage: node scripts/extract-2009-action-plan.mjs [path to the document's text; by default the annexes kept
// in test/fixtures/uk-action-plan-2009-annexes.txt]
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const seed = process.argv[2] ?? path.resolve(root, 'test', 'fixtures', 'uk-action-plan-2009-annexes.txt');
const lines = readFileSync(seed, 'utf8').split('\n');

const chapterHeadings = {
  PREVENTION: { code: 'prevention', title: 'Prevention' },
  'INVESTIGATION, LAW ENFORCEMENT AND PROSECUTION': { code: 'investigation', title: 'Investigation, law enforcement and prosecution' },
  'ADULT VICTIMS': { code: 'adult_victims', title: 'Adult victims' },
  'CHILD VICTIMS': { code: 'child_victims', title: 'Child victims' },
};

// Where one indicator ends and the next begins, for cells without paragraph markup.
const indicatorStarts = {
  1: ['Final report published'],
  4: ['Adoption of more effective EU approach'],
  5: ['Enhancing liaison', 'Improving interaction', 'Assist in building', 'Closer working'],
  7: ['Publicise UK prosecutions', 'UKHTC engaged', 'Groups that are vulnerable'],
  8: ['Communities most affected', 'Target activity'],
  11: ['Complete roll-out'],
  12: ['Publish research evidence', 'Co-ordinate policy response'],
  13: ['Develop intelligence-led relationships'],
  14: ['Ensure the use of POCA'],
  17: ['Develop measures', 'Review admissibility'],
  18: ['UKHTC Victim Care Group'],
  19: ['Additional guidance'],
  20: ['Updating INTEL guidance?', 'Carry out a review'],
  21: ['Development of a sub-group', 'SARCs to meet', 'UKBA to consider'],
  23: ['Engagement with local communities', 'UKHTC victim sub-group'],
  26: ['Improve UKBA'],
  28: ['Evaluate training.'],
  29: ['Evaluate training.'],
  33: ['Reduced number of incidents'],
  35: ['Launch DVD', 'Incorporate training DVD'],
  38: ['UKHTC to publish'],
};

// The Progress column where it is a note rather than a status.
const statusFromNote = {
  5: 'ongoing', // Annex B: 2008 action 8 "Ongoing. Now action point 5"
  9: 'ongoing', // 2008 action 17
  11: 'ongoing', // roll-out of training under way
  12: 'new_action', // "New action (in relation to the 2012 games.)"
  13: 'ongoing', // 2008 action 31
  14: 'ongoing', // 2008 actions 30 and 32
  15: 'ongoing', // 2008 actions 3, 4, 7, 19–22, 24 and 25
  16: 'new_action', // replaces withdrawn 2008 action 18 (chapter 2)
  18: 'ongoing', // 2008 action 57
  22: 'ongoing', // 2008 actions 58 and 59
  26: 'on_track', // "On track New Action": the first strand carries on from 2008 action 65
};

// Party names as the document writes them, longest first, and the organisation each names.
const partyNames = [
  ['UKHTC Regional Intelligence Units', 'UK Human Trafficking Centre'],
  ["Children's Services", null],
  ['Scottish Government', 'Scottish Government'],
  ['Scotland Govt', 'Scottish Government'],
  ['Home Office', 'Home Office'],
  ['UKHTC', 'UK Human Trafficking Centre'],
  ['SOLACE', 'Society of Local Authority Chief Executives'],
  ['ACPOS', 'Association of Chief Police Officers in Scotland'],
  ['ACPO', 'Association of Chief Police Officers'],
  ['SOCA', 'Serious Organised Crime Agency'],
  ['UKBA', 'UK Border Agency'],
  ['DFID', 'Department for International Development'],
  ['DCSF', 'Department for Children, Schools and Families'],
  ['DCMS', 'Department for Culture, Media and Sport'],
  ['HMRC', 'HM Revenue and Customs'],
  ['NPIA', 'National Policing Improvement Agency'],
  ['NOMS', 'National Offender Management Service'],
  ['CEOP', 'Child Exploitation and Online Protection Centre'],
  ['NGOs', null],
  ['FCO', 'Foreign and Commonwealth Office'],
  ['CPS', 'Crown Prosecution Service'],
  ['GLA', 'Gangmasters Licensing Authority'],
  ['MoJ', 'Ministry of Justice'],
  ['MPS', 'Metropolitan Police Service'],
  ['Met', 'Metropolitan Police Service'],
  ['DoH', 'Department of Health'],
  ['DH', 'Department of Health'],
  ['HO', 'Home Office'],
  ['SG', 'Scottish Government'],
];

const stripTags = (cell) => cell.replace(/<\/?(p|u)>/g, '').replace(/\s+/g, ' ').trim();
const paragraphs = (cell) => {
  const marked = [...cell.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1].trim());
  return marked.length > 0 ? marked : [stripTags(cell)];
};

function splitIndicators(number, cell) {
  const marked = paragraphs(cell);
  if (marked.length > 1) return marked;
  const text = marked[0];
  const parts = [];
  let rest = text;
  for (const start of indicatorStarts[number] ?? []) {
    const at = rest.indexOf(start, 1);
    if (at < 0) throw new Error(`action ${number}: "${start}" not found in its indicators`);
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at);
  }
  parts.push(rest.trim());
  if (parts.join(' ') !== text) throw new Error(`action ${number}: the indicators do not add up to the cell`);
  return parts;
}

function splitParties(number, cell) {
  let rest = stripTags(cell).replace(/[,/]/g, ' ');
  const found = [];
  while (rest.trim()) {
    rest = rest.trimStart();
    const match = partyNames.find(([name]) => rest.startsWith(name) && !/[A-Za-z]/.test(rest[name.length] ?? ''));
    if (!match) throw new Error(`action ${number}: unknown responsible party at "${rest}"`);
    if (!found.some((p) => p.name === match[0])) found.push({ name: match[0], ...(match[1] ? { organisation: match[1] } : {}) });
    rest = rest.slice(match[0].length);
  }
  return found;
}

function statusOf(number, progress) {
  const text = progress.toLowerCase().replace(/[.\s]+$/, '');
  if (/^new action$/.test(text)) return 'new_action';
  if (/^on track$/.test(text)) return 'on_track';
  if (/^on-?going action$/.test(text)) return 'ongoing';
  const status = statusFromNote[number];
  if (!status) throw new Error(`action ${number}: no status for progress "${progress}"`);
  return status;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const seasons = { spring: 5, summer: 8, autumn: 11, winter: 12 };
const lastDay = (year, month) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
function dueOn(timetable) {
  const days = [...timetable.matchAll(/([A-Za-z]+)?\s*(\d{4})(?:\/(\d{2}))?/g)].map(([, word, year, financialEnd]) => {
    if (financialEnd) return lastDay(Number(`20${financialEnd}`), 3); // a financial year ends on 31 March
    const key = word?.toLowerCase();
    const month = key && months.indexOf(key.slice(0, 3)) >= 0 ? months.indexOf(key.slice(0, 3)) + 1 : key && seasons[key] ? seasons[key] : 12;
    return lastDay(Number(year), month);
  });
  return days.length > 0 ? days.sort().at(-1) : null;
}

function section(startMarker, endMarker) {
  const start = lines.findIndex((l) => l.trim() === startMarker);
  const end = lines.findIndex((l, i) => i > start && l.trim().startsWith(endMarker));
  if (start < 0 || end < 0) throw new Error(`${startMarker} not found`);
  return lines.slice(start + 1, end);
}

// Annex A
const chapters = [];
const actions = [];
let chapter;
for (const line of section('Annex A: Actions 2009', "Annex B: Progress against last year's actions")) {
  const trimmed = line.trim();
  if (chapterHeadings[trimmed]) {
    chapter = { ...chapterHeadings[trimmed], objectives: [] };
    chapters.push(chapter);
    continue;
  }
  const objective = /^objective (\d+):\s*(.+)$/i.exec(trimmed);
  if (objective) {
    chapter.objectives.push({ number: Number(objective[1]), title: objective[2].trim() });
    continue;
  }
  const row = /^(\d+)\t/.exec(line);
  if (!row) continue;
  const [number, text, indicators, timetable, parties, progress] = line.split('\t');
  const n = Number(number);
  actions.push({
    number: n,
    chapter: chapter.code,
    objective: chapter.objectives.at(-1).number,
    text: stripTags(text),
    indicators: splitIndicators(n, indicators),
    timetable: stripTags(timetable),
    dueOn: dueOn(stripTags(timetable)),
    responsible: stripTags(parties),
    parties: splitParties(n, parties),
    progress: { status: statusOf(n, stripTags(progress)), note: paragraphs(progress).join('\n') },
  });
}
if (actions.length !== 38 || actions.some((a, i) => a.number !== i + 1)) throw new Error(`Annex A: expected actions 1 to 38, found ${actions.map((a) => a.number)}`);

// Annex B
const carryOvers = [];
let heading = null;
for (const line of section("Annex B: Progress against last year's actions", 'Annex C')) {
  if (!line.trim() || line.startsWith('<u>No</u>')) continue;
  const row = /^(\d+)\.?\t/.exec(line);
  const cells = line.split('\t');
  if (row) {
    const outcome = stripTags(cells[2] ?? '');
    carryOvers.push({ previousNumber: Number(row[1]), section: heading, previousText: stripTags(cells[1]), outcome });
  } else if (cells[1] && stripTags(cells[1]) === stripTags(cells[1]).toUpperCase()) {
    heading = stripTags(cells[1]);
  } else {
    // A row the page broke: its text goes on in the next line.
    const last = carryOvers.at(-1);
    last.previousText = `${last.previousText} ${stripTags(cells[1] ?? '')}`.trim();
    if (cells[2]?.trim()) last.outcome = `${last.outcome} ${stripTags(cells[2])}`.trim();
  }
}
for (const c of carryOvers) {
  const o = c.outcome.toLowerCase();
  c.disposition = /withdrawn/.test(o) ? 'withdrawn' : /^complete/.test(o) ? 'completed' : /^on-? ?going/.test(o) ? 'ongoing' : null;
  if (!c.disposition) throw new Error(`Annex B ${c.previousNumber}: no disposition in "${c.outcome}"`);
  const points = /action points?\s+([\d ,and]+)/i.exec(c.outcome);
  c.nowActions = points ? [...points[1].matchAll(/\d+/g)].map((m) => Number(m[0])) : [];
}

const plan = {
  slug: 'uk-2009-update',
  title: 'Update to the UK Action Plan on Tackling Human Trafficking',
  // The cover says October 2009; the foreword says it was published on EU Anti-Trafficking Day (18 October).
  publishedOn: '2009-10-18',
  predecessor: { slug: 'uk-2008-update', title: 'Update to the UK Action Plan on Tackling Human Trafficking (2008)' },
  source: 'Update to the UK Action Plan on Tackling Human Trafficking, Home Office and Scottish Government, October 2009: Annex A and Annex B',
  chapters,
  actions,
  carryOvers,
};

const out = path.join(root, 'action-plans', 'uk-2009-update.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(plan, null, 2)}\n`);
process.stdout.write(`Wrote ${path.relative(root, out)}: ${actions.length} actions, ${carryOvers.length} carried-over actions.\n`);
