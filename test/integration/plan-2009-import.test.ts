import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { createTestServices, type TestContext } from '../support/test-services.js';
import { projectRoot } from '../../src/platform/paths.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import { uk2009PlanFile } from '../../src/plan/demo-plan.js';
import { actionPlans, planActions, planCarryOvers, planProgressUpdates } from '../../src/plan/tables.js';

/**
 * The October 2009 update imported from action-plans/uk-2009-update.json gives back Annex A and
 * Annex B of the published document: compared here with the document's own text.
 */
// Annex A and B of the published document, as they are printed (test/fixtures keeps that part of its text).
const seedText = readFileSync(path.resolve(projectRoot, 'test', 'fixtures', 'uk-action-plan-2009-annexes.txt'), 'utf8').split('\n');
const between = (start: string, end: string) => {
  const from = seedText.findIndex((l) => l.trim() === start);
  return seedText.slice(from + 1, seedText.findIndex((l, i) => i > from && l.trim().startsWith(end)));
};
const annexA = between('Annex A: Actions 2009', "Annex B: Progress against last year's actions");
const annexB = between("Annex B: Progress against last year's actions", 'Annex C');
const plain = (cell: string) => cell.replace(/<\/?(p|u)>/g, ' ').replace(/\s+/g, ' ').trim();
const seedRow = (n: number) => annexA.find((l) => l.startsWith(`${n}\t`))!.split('\t').map(plain);

let t: TestContext;
before(async () => { t = await createTestServices({ seed: false }); });
after(async () => { await t.drop(); });

describe('the 2009 action plan update', () => {
  it('imports the 38 actions of Annex A and the carry-over of Annex B', async () => {
    const outcome = await t.plans.importer.importFile(uk2009PlanFile, { actor: systemActor });
    assert.equal(outcome.ok && outcome.created, true);
    const seedActions = annexA.filter((l) => /^\d+\t/.test(l));
    const seedCarried = annexB.filter((l) => /^\d+\.?\t/.test(l));
    assert.equal(seedActions.length, 38);
    const plan = (await t.plans.reader.list()).find((p) => p.slug === 'uk-2009-update')!;
    const annex = await t.plans.reader.annexA(plan.id);
    assert.equal(annex.actions.length, seedActions.length);
    assert.deepEqual(annex.chapters.map((c) => c.title), ['Prevention', 'Investigation, law enforcement and prosecution', 'Adult victims', 'Child victims']);
    const carried = await t.plans.reader.annexB(plan.id);
    assert.equal(carried.rows.length, seedCarried.length);
    assert.deepEqual(carried.rows.map((r) => r.previousNumber), seedCarried.map((l) => Number(/^(\d+)/.exec(l)![1])));
    assert.equal(carried.predecessor?.slug, 'uk-2008-update');
  });

  for (const n of [15, 20, 25, 33]) {
    it(`reproduces action ${n} as the document prints it`, async () => {
      const [, text, indicators, timetable, responsible, progress] = seedRow(n);
      const plan = (await t.plans.reader.list()).find((p) => p.slug === 'uk-2009-update')!;
      const action = (await t.plans.reader.annexA(plan.id)).actions.find((a) => a.number === n)!;
      assert.equal(action.text, text);
      assert.equal(action.indicators.join(' '), indicators);
      assert.equal(action.timetable, timetable);
      assert.equal(action.responsibleText, responsible);
      assert.equal(plain(action.statusNote), progress);
    });
  }

  it('links the responsible parties and records the carry-over as the document says', async () => {
    const plan = (await t.plans.reader.list()).find((p) => p.slug === 'uk-2009-update')!;
    const actions = (await t.plans.reader.annexA(plan.id)).actions;
    const by = (n: number) => actions.find((a) => a.number === n)!;
    assert.deepEqual(by(15).parties.map((p) => p.name), ['UKHTC', 'SOCA', 'ACPO', 'UKBA', 'GLA', 'HO']);
    assert.equal(by(25).status, 'on_track');
    assert.equal(by(20).status, 'new_action');
    assert.equal(by(15).status, 'ongoing');
    assert.equal(by(33).chapterCode, 'child_victims');
    const rows = (await t.plans.reader.annexB(plan.id)).rows;
    const row = (n: number) => rows.find((r) => r.previousNumber === n)!;
    assert.equal(row(25).outcome, 'Ongoing. Now Action Point 15');
    assert.deepEqual(row(25).nowActions.map((a) => a.number), [15]);
    assert.deepEqual(row(2).nowActions.map((a) => a.number), [1, 2]);
    assert.deepEqual(row(24).nowActions.map((a) => a.number), [2, 15]);
    assert.equal(row(4).disposition, 'withdrawn');
    assert.match(row(4).outcome, /^This action has been withdrawn because of the lack of forthcoming EU money/);
    assert.equal(row(1).disposition, 'completed');
    assert.equal(row(79).outcome, 'Ongoing. Now action point 33');
    assert.equal(row(22).previousText, 'Develop training packages for frontline agencies along with a suitable method of delivery.');
  });

  it('changes nothing when the same plan is imported again, and imports nothing from a bad file', async () => {
    const counts = async () => Promise.all([actionPlans, planActions, planCarryOvers, planProgressUpdates].map(async (table) => (await t.database.db.select({ n: count() }).from(table))[0]!.n));
    const before = await counts();
    const again = await t.plans.importer.importFile(uk2009PlanFile, { actor: systemActor });
    assert.equal(again.ok && again.created, false);
    assert.deepEqual(await counts(), before);
    const file = JSON.parse(readFileSync(uk2009PlanFile, 'utf8')) as { slug: string; actions: { timetable: string; number: number }[] };
    file.slug = 'uk-2009-copy';
    file.actions[14]!.timetable = '';
    file.actions[20]!.number = 15;
    const bad = await t.plans.importer.importText(JSON.stringify(file, null, 2), { actor: systemActor });
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.problems.map((p) => p.field), ['actions.14.timetable']);
    const twice = await t.plans.importer.importText(JSON.stringify({ ...file, actions: file.actions.map((a, i) => (i === 14 ? { ...a, timetable: 'October 2010' } : a)) }, null, 2), { actor: systemActor });
    // Action 21 is gone too, so the rows of Annex B that now point to it are reported as well.
    assert.deepEqual(!twice.ok && twice.problems.map((p) => `${p.field}: ${p.message}`), [
      'actions.20.number: Action 15 appears twice',
      ...[39, 40, 42].map((i) => `carryOvers.${i}.nowActions.0: There is no action 21 in this plan`),
    ]);
    assert.deepEqual(await counts(), before);
    assert.equal((await t.database.db.select().from(actionPlans).where(eq(actionPlans.slug, 'uk-2009-copy'))).length, 0);
  });
});
