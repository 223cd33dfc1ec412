import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { missingAnswers, questionPages, submissionFrom, withoutAnswersThatDoNotApply, type DraftAnswers, type PageResult } from './draft-answers.js';
import { applySituation, situationValues, whereToFix } from './situation-answers.js';
import { referralSubmissionSchema } from './schema.js';

const context = { today: '2026-11-27', mayNotify: true };
const page = (id: keyof typeof questionPages) => questionPages[id]!;
const answersOf = (result: PageResult) => {
  assert.ok(result.ok, JSON.stringify(result));
  return result.answers;
};
const problemsOf = (result: PageResult) => {
  assert.equal(result.ok, false);
  return result.ok ? [] : result.problems;
};

describe('draft answers: form posts to the submission’s shape', () => {
  it('reads radios, and refuses a missing answer with the schema’s message', () => {
    assert.deepEqual(answersOf(page('under-18').apply({ under18: 'not_sure' }, {}, context)), { under18: 'not_sure' });
    assert.deepEqual(problemsOf(page('under-18').apply({}, {}, context)), [{ field: 'under18', message: 'Select whether the person is under 18' }]);
    assert.deepEqual(answersOf(page('consent').apply({ consent: 'no' }, { under18: 'no' }, context)), { under18: 'no', consent: false });
  });

  it('reads names, one alias a line, and asks for at least one name', () => {
    const answers = answersOf(page('name').apply({ givenName: ' Amina ', familyName: '', aliases: 'Mina\r\n\r\n  Ami ' }, {}, context));
    assert.deepEqual(answers.person, { givenName: 'Amina', aliases: ['Mina', 'Ami'] });
    assert.deepEqual(page('name').values(answers), { givenName: 'Amina', familyName: undefined, aliases: 'Mina\nAmi' });
    assert.deepEqual(problemsOf(page('name').apply({ givenName: '', familyName: '', aliases: '' }, {}, context)), [
      { field: 'givenName', message: 'Enter the person’s name, or a name they are known by' },
    ]);
  });

  it('turns a GOV.UK date input into YYYY-MM-DD and back, and names what is wrong with a date', () => {
    const dob = page('date-of-birth');
    const answers = answersOf(dob.apply({ 'dateOfBirth-day': '7', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2001' }, {}, context));
    assert.equal(answers.person?.dateOfBirth, '2001-03-07');
    assert.deepEqual(dob.values(answers), { 'dateOfBirth-day': '7', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2001', estimatedAge: undefined });
    const problem = (body: Record<string, string>) => problemsOf(dob.apply(body, {}, context))[0];
    assert.deepEqual(problem({ 'dateOfBirth-day': '7', 'dateOfBirth-year': '2001' }), { field: 'dateOfBirth-month', message: 'Date of birth must include a month' });
    assert.deepEqual(problem({ 'dateOfBirth-day': '30', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2001' }), { field: 'dateOfBirth-day', message: 'Date of birth must be a real date' });
    assert.deepEqual(problem({ 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2030' }), { field: 'dateOfBirth-day', message: 'Date of birth must be in the past' });
    assert.deepEqual(problem({}), { field: 'dateOfBirth-day', message: 'Enter the date of birth or an estimated age' });
    assert.deepEqual(problem({ estimatedAge: '200' }), { field: 'estimatedAge', message: 'Enter an age of 120 or less' });
    assert.equal(answersOf(dob.apply({ estimatedAge: '15' }, {}, context)).person?.estimatedAge, 15);
  });

  it('collects up to three nationalities and languages from numbered selects, and leaves languages out of an anonymous report', () => {
    const about = page('about-the-person');
    const body = { gender: 'male', nationality1: 'VN', nationality2: '', nationality3: 'VN', language1: 'vi', interpreterNeeded: 'yes' };
    assert.deepEqual(answersOf(about.apply(body, { under18: 'yes' }, context)).person, { gender: 'male', nationalities: ['VN'], languages: ['vi'], interpreterNeeded: true });
    assert.deepEqual(answersOf(about.apply(body, { under18: 'no', consent: false }, context)).person, { gender: 'male', nationalities: ['VN'] });
    assert.deepEqual(problemsOf(about.apply({ gender: 'male' }, {}, context)), [{ field: 'nationality1', message: 'Select at least one nationality (or “Not known”)' }]);
  });

  it('asks for a representative’s details only when they are to receive the letters, and clears them otherwise', () => {
    const contact = page('safe-contact');
    const problems = problemsOf(contact.apply({ letterRecipient: 'representative', representativeName: 'Jo Smith' }, {}, context));
    assert.deepEqual(problems.map((p) => p.field), ['representativeEmail']);
    const saved = answersOf(contact.apply({ letterRecipient: 'first_responder', representativeName: 'Jo Smith', email: '' }, { person: { representativeName: 'Old' } }, context));
    assert.deepEqual(saved.person, { letterRecipient: 'first_responder' });
    assert.deepEqual(problemsOf(contact.apply({ letterRecipient: 'person' }, {}, context)).map((p) => p.field), ['email']);
  });

  it('leaves agency references out of an anonymous report', () => {
    const saved = answersOf(page('other-agencies').apply({ policeForceCode: 'E23000001', crimeReference: 'X1' }, { under18: 'no', consent: false }, context));
    assert.deepEqual(saved, { under18: 'no', consent: false, policeForceCode: 'E23000001' });
  });
});

describe('draft answers: situations', () => {
  const body = {
    types: ['criminal', 'labour'], countyLines: 'yes', 'startMonth-month': '3', 'startMonth-year': '2025', ongoing: 'yes',
    ukPlace1: 'london', ukPlace2: '', ukPlace3: 'london', country1: 'AL', recruitment: 'job_offer', narrative: ' What happened ',
  };

  it('adds a situation, changes one in place, and shows it back as the form', () => {
    const added = answersOf(applySituation(body, { under18: 'no', consent: true }, 'new', context));
    const [situation] = added.situations!;
    assert.deepEqual(situation, {
      types: ['criminal', 'labour'], countyLines: true, startMonth: '2025-03', ongoing: true, ukPlaces: ['london'], overseasCountries: ['AL'],
      locationUnknown: false, recruitment: ['job_offer'], meansOfControl: [], indicators: [], narrative: 'What happened',
    });
    assert.equal(situationValues(situation)['startMonth-month'], '3');
    assert.equal(situationValues(situation).ukPlace1, 'london');
    const changed = answersOf(applySituation({ ...body, types: 'sexual', countyLines: '' }, added, 0, context));
    assert.deepEqual(changed.situations!.map((s) => s.types), [['sexual']]);
  });

  it('applies the referral’s own rules across a situation’s fields', () => {
    const fields = (b: Record<string, unknown>) => problemsOf(applySituation(b, {}, 'new', context)).map((p) => `${p.field}: ${p.message}`);
    assert.deepEqual(fields({ ...body, types: 'labour' }), ['countyLines: County lines is a kind of criminal exploitation: select criminal exploitation too']);
    assert.deepEqual(fields({ ...body, ongoing: '', 'endMonth-month': '1', 'endMonth-year': '2025' }), ['endMonth-month: The end of the exploitation must be the same as or after its start']);
    assert.deepEqual(fields({ ...body, 'startMonth-month': '', 'startMonth-year': '' }), ['startMonth-month: Enter the month and year the exploitation started']);
    assert.deepEqual(fields({ ...body, ukPlace1: '', ukPlace3: '', country1: '' }), ['ukPlace1: Give where the exploitation happened, or say it is not known']);
    assert.deepEqual(fields({ ...body, types: [] }), ['types: Select at least one type of exploitation']);
  });

  it('drops the account of events from an anonymous report', () => {
    const saved = answersOf(applySituation(body, { under18: 'no', consent: false }, 'new', context));
    assert.equal('narrative' in saved.situations![0]!, false);
  });
});

describe('draft answers: consistency and checking', () => {
  it('drops answers that no longer apply', () => {
    const adult: DraftAnswers = {
      under18: 'no', consent: true, supportNeeds: ['accommodation'], crimeReference: 'C1', childLocalAuthority: { code: 'E09000017', contactName: 'A', contactEmail: 'a@b.example' },
      person: { givenName: 'Amina', gender: 'female', nationalities: ['NG'], languages: ['en'] },
      situations: [{ types: ['sexual'], countyLines: false, startMonth: '2025-01', ongoing: true, ukPlaces: [], overseasCountries: [], locationUnknown: true, recruitment: [], meansOfControl: [], indicators: [], narrative: 'x' }],
    };
    const asAdult = withoutAnswersThatDoNotApply(adult, context);
    assert.equal(asAdult.childLocalAuthority, undefined);
    const asChild = withoutAnswersThatDoNotApply({ ...adult, under18: 'yes' }, context);
    assert.equal(asChild.consent, undefined);
    assert.equal(asChild.supportNeeds, undefined);
    const anonymous = withoutAnswersThatDoNotApply({ ...adult, consent: false }, context);
    assert.deepEqual(anonymous.person, { gender: 'female', nationalities: ['NG'] });
    assert.equal(anonymous.situations![0]!.narrative, undefined);
    assert.equal(anonymous.crimeReference, undefined);
    // Where no Duty to Notify report can be made, the answers are kept in case the person consents later.
    assert.equal(withoutAnswersThatDoNotApply({ ...adult, consent: false }, { mayNotify: false }).person?.givenName, 'Amina');
  });

  it('lists the required answers still missing, and gives the validation every list it expects', () => {
    assert.deepEqual(missingAnswers({ under18: 'no' }).map((p) => p.field), ['consent', 'person.givenName', 'person.dateOfBirth', 'person.letterRecipient']);
    assert.deepEqual(missingAnswers({ under18: 'yes' }).map((p) => p.field), ['childLocalAuthority.code', 'person.givenName', 'person.dateOfBirth', 'person.letterRecipient']);
    assert.deepEqual(missingAnswers({ under18: 'no', consent: false }), []);
    const parsed = referralSubmissionSchema.safeParse(submissionFrom({ under18: 'no' }));
    assert.deepEqual(parsed.error?.issues.map((i) => i.message), ['Select the person’s gender', 'Select at least one nationality (or “Not known”)', 'Describe at least one situation of exploitation']);
  });

  it('says which page and field fix each problem', () => {
    assert.deepEqual(whereToFix('person.dateOfBirth'), { page: 'date-of-birth', field: 'dateOfBirth-day' });
    assert.deepEqual(whereToFix('person.nationalities.1'), { page: 'about-the-person', field: 'nationality2' });
    assert.deepEqual(whereToFix('childLocalAuthority.code'), { page: 'child-local-authority', field: 'code' });
    assert.deepEqual(whereToFix('situations'), { page: 'situations', field: 'situations' });
    assert.deepEqual(whereToFix('situations.1.endMonth'), { page: 'situations/2', field: 'endMonth-month' });
    assert.deepEqual(whereToFix('situations.0.ukPlaces.2'), { page: 'situations/1', field: 'ukPlace3' });
    assert.deepEqual(whereToFix('policeForceCode'), { page: 'other-agencies', field: 'policeForceCode' });
    assert.deepEqual(whereToFix('under18'), { page: 'under-18', field: 'under18' });
  });
});
