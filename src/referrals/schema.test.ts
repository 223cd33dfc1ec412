import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ageGroupAtExploitation, checkReferral, exploitationLocation, referralSubmissionSchema, routeOf, type ReferralSubmission } from './schema.js';

const today = '2026-11-27';
const context = { today, mayNotify: true };

function adult(overrides: Partial<ReferralSubmission> = {}): ReferralSubmission {
  return referralSubmissionSchema.parse({
    under18: 'no',
    consent: true,
    person: {
      givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'],
      languages: ['en'], letterRecipient: 'first_responder', asylumClaim: 'no', detention: 'none', immigrationStatus: 'no_leave',
    },
    situations: [{ types: ['sexual'], startMonth: '2025-01', endMonth: '2026-10', ukPlaces: ['sheffield'], meansOfControl: ['debt_bondage'], narrative: 'Recruited with a job offer.' }],
    supportNeeds: ['accommodation'],
    ...overrides,
  });
}

function fields(s: ReferralSubmission, ctx = context) {
  return checkReferral(s, ctx).map((p) => p.field);
}

describe('referral validation', () => {
  it('accepts a complete adult NRM referral', () => {
    assert.deepEqual(checkReferral(adult(), context), []);
    assert.equal(routeOf(adult()), 'nrm');
  });

  it('rejects bad field values with a message for each field', () => {
    const result = referralSubmissionSchema.safeParse({ under18: 'maybe', person: { gender: 'x', nationalities: ['Nigeria'], dateOfBirth: '1995-02-30' }, situations: [] });
    assert.equal(result.success, false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    for (const path of ['under18', 'person.gender', 'person.nationalities.0', 'person.dateOfBirth', 'situations']) assert.ok(paths.includes(path), path);
  });

  it('checks the under-18 answer against the date of birth and estimated age', () => {
    assert.deepEqual(fields(adult({ person: { ...adult().person, dateOfBirth: '2010-01-01' } })), ['under18']);
    assert.deepEqual(fields(adult({ under18: 'yes', consent: undefined, childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'duty@hillingdon.example' } })), ['under18']);
    const estimated = adult({ person: { ...adult().person, dateOfBirth: undefined, estimatedAge: 16 } });
    assert.deepEqual(fields(estimated), ['under18']);
  });

  it('checks exploitation dates: not in the future, end after start, not before birth', () => {
    const future = adult({ situations: [{ ...adult().situations[0]!, startMonth: '2027-01', endMonth: undefined, ongoing: true }] });
    assert.deepEqual(fields(future), ['situations.0.startMonth']);
    const backwards = adult({ situations: [{ ...adult().situations[0]!, startMonth: '2026-05', endMonth: '2026-01' }] });
    assert.deepEqual(fields(backwards), ['situations.0.endMonth']);
    const beforeBirth = adult({ situations: [{ ...adult().situations[0]!, startMonth: '1990-01' }] });
    assert.deepEqual(fields(beforeBirth), ['situations.0.startMonth']);
    const noEnd = adult({ situations: [{ ...adult().situations[0]!, endMonth: undefined, ongoing: false }] });
    assert.deepEqual(fields(noEnd), ['situations.0.endMonth']);
  });

  it('a child needs no consent, and needs their local authority', () => {
    const child = adult({ under18: 'yes', consent: undefined, person: { ...adult().person, dateOfBirth: '2010-03-01' } });
    assert.deepEqual(fields(child), ['childLocalAuthority.code']);
    const withLa = { ...child, childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'duty@hillingdon.example' } };
    assert.deepEqual(fields(withLa), []);
    assert.equal(routeOf(withLa), 'nrm');
    assert.deepEqual(fields({ ...withLa, consent: true }), ['consent'], 'consent is not asked of a child');
  });

  it('treats “not sure” as a child', () => {
    const notSure = adult({ under18: 'not_sure', consent: undefined, childLocalAuthority: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'duty@hillingdon.example' } });
    assert.deepEqual(fields(notSure), []);
    assert.equal(ageGroupAtExploitation({ ...notSure, person: { ...notSure.person, dateOfBirth: undefined, estimatedAge: undefined } }, today), 'child');
  });

  it('an adult must answer the consent question', () => {
    assert.deepEqual(fields(adult({ consent: undefined })), ['consent']);
  });

  it('Duty to Notify: an adult who does not consent is reported anonymously, and only by a public authority in England and Wales', () => {
    const anonymous = referralSubmissionSchema.parse({
      under18: 'no', consent: false,
      person: { gender: 'male', nationalities: ['AL'] },
      situations: [{ types: ['criminal'], countyLines: true, startMonth: '2026-02', ongoing: true, ukPlaces: ['sheffield'] }],
    });
    assert.equal(routeOf(anonymous), 'duty_to_notify');
    assert.deepEqual(fields(anonymous), []);
    assert.deepEqual(fields(anonymous, { today, mayNotify: false }), ['consent']);
    const named = { ...anonymous, person: { ...anonymous.person, givenName: 'Arben', dateOfBirth: '1990-01-01' } };
    assert.deepEqual(fields(named), ['person.givenName', 'person.dateOfBirth']);
    const withNarrative = { ...anonymous, situations: [{ ...anonymous.situations[0]!, narrative: 'He said his name was…' }] };
    assert.deepEqual(fields(withNarrative), ['situations.0.narrative']);
  });

  it('county lines is criminal exploitation', () => {
    const wrong = adult({ situations: [{ ...adult().situations[0]!, countyLines: true }] });
    assert.deepEqual(fields(wrong), ['situations.0.countyLines']);
  });

  it('derives the age at exploitation from the date of birth and the earliest situation', () => {
    const exploitedAsChild = adult({ person: { ...adult().person, dateOfBirth: '2007-06-01' }, situations: [{ ...adult().situations[0]!, startMonth: '2024-01' }] });
    assert.equal(ageGroupAtExploitation(exploitedAsChild, today), 'child', 'an adult now, exploited at 16');
    assert.equal(ageGroupAtExploitation(adult(), today), 'adult');
  });

  it('derives where the exploitation happened', () => {
    const s = adult().situations[0]!;
    assert.equal(exploitationLocation([s]), 'uk');
    assert.equal(exploitationLocation([{ ...s, ukPlaces: [], overseasCountries: ['RO'] }]), 'overseas');
    assert.equal(exploitationLocation([s, { ...s, ukPlaces: [], overseasCountries: ['RO'] }]), 'both');
    assert.equal(exploitationLocation([{ ...s, ukPlaces: [], locationUnknown: true }]), 'unknown');
  });
});
