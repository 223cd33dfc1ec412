import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agencyReportFromForm, formFieldOf, linesOf, reportContentFromForm } from './forms.js';
import { agencyReportSchema } from './schema.js';
import { newIntelligenceReference } from './reference.js';
import { intelligenceReferenceSchema } from './schema.js';

describe('intelligence forms', () => {
  it('read one item a line, trimmed, without blank lines', () => {
    assert.deepEqual(linesOf(' 12 High Street \r\n\n  Rotherham\n'), ['12 High Street', 'Rotherham']);
    assert.deepEqual(linesOf(undefined), []);
  });

  it('turn each box of people into a person with its role, and remember which box it came from', () => {
    const { input, peopleFields } = reportContentFromForm({ what: 'x', possibleVictims: 'A girl of about 15', otherPeople: '  ' });
    assert.deepEqual(input.people, [{ role: 'possible_victim', description: 'A girl of about 15' }]);
    assert.deepEqual(peopleFields, ['possibleVictims']);
    assert.equal(formFieldOf('people.0.description', peopleFields), 'possibleVictims');
    assert.equal(formFieldOf('grading.handling', []), 'handlingCode');
    assert.equal(formFieldOf('places.3', []), 'places');
  });

  it('give the agency schema its grading and referral references', () => {
    const { input } = agencyReportFromForm({ what: 'Seen', sourceEvaluation: 'B', intelligenceAssessment: '3', handlingCode: 'P', referralReferences: 'nrm-2026-000001\n' });
    const parsed = agencyReportSchema.parse(input);
    assert.deepEqual(parsed.grading, { source: 'B', intelligence: '3', handling: 'P' });
    assert.deepEqual(parsed.referralReferences, ['NRM-2026-000001']);
    assert.equal(agencyReportSchema.safeParse({ ...input, grading: { source: 'D', intelligence: '6', handling: 'R' } }).success, false);
  });

  it('make random references in the documented form', () => {
    const references = new Set(Array.from({ length: 200 }, newIntelligenceReference));
    assert.equal(references.size, 200);
    for (const r of references) assert.ok(intelligenceReferenceSchema.safeParse(r).success, r);
  });
});
