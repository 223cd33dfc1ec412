import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htcdsFields, isIdentityField, palermoAgeGroup, palermoGender, recordFromReferral, toHtcdsLine, traffickingStatusOf, type ExportedReferral } from './mapping.js';

const referral = (overrides: Partial<ExportedReferral> = {}): ExportedReferral => ({
  caseId: '3f1c0b7e-0000-4000-8000-000000000001', receivedOn: '2026-02-03', gender: 'female', ageGroup: 'child',
  nationalities: ['VN', 'gb'], primaryLanguage: 'vi', exploitationTypes: ['labour', 'benefit_fraud', 'criminal'],
  meansOfControl: ['withholds_documents', 'debt_bondage', 'debt_bondage'], recruitment: ['job_offer'], cgPositive: null,
  organisationType: 'police', ...overrides,
});

describe('HTCDS mapping', () => {
  it('maps a referral to HTCDS values, lists sorted and deduplicated', () => {
    const record = recordFromReferral(referral());
    assert.deepEqual(record, {
      caseId: '3f1c0b7e-0000-4000-8000-000000000001', referralDate: '2026-02-03', gender: 'Female', ageBroad: 'Minor',
      citizenship: ['GB', 'VN'], primaryLanguage: 'vi', exploitationTypes: ['ForcedCriminalActivity', 'ForcedLabour', 'Other'],
      methodsOfControl: ['DebtBondage', 'WithholdsDocuments'], methodsOfRecruitment: ['JobOffer'],
      traffickingStatus: 'PossibleVictimOfTrafficking', orgType: 'LawEnforcement',
    });
  });

  it('gives the trafficking status from the Conclusive Grounds decision', () => {
    assert.equal(traffickingStatusOf(null), 'PossibleVictimOfTrafficking');
    assert.equal(traffickingStatusOf(true), 'ActualVictimOfTrafficking');
    assert.equal(traffickingStatusOf(false), 'NotAVictimOfTrafficking');
  });

  it('maps age groups and genders, unknown codes to Unknown', () => {
    assert.equal(recordFromReferral(referral({ ageGroup: 'adult' })).ageBroad, 'Adult');
    assert.equal(recordFromReferral(referral({ ageGroup: 'not_specified' })).ageBroad, 'Unknown');
    assert.equal(recordFromReferral(referral({ gender: 'not_specified' })).gender, 'Unknown');
    assert.equal(recordFromReferral(referral({ organisationType: 'ngo' })).orgType, 'NGO');
  });

  it('maps HTCDS gender and age back to Palermo codes', () => {
    assert.deepEqual(['Female', 'Male', 'Other', 'Unknown'].map(palermoGender), ['female', 'male', 'other', 'not_specified']);
    assert.deepEqual(['Adult', 'Minor', 'Unknown'].map(palermoAgeGroup), ['adult', 'child', 'not_specified']);
  });

  it('writes multi-select values separated by semicolons, blanks as empty', () => {
    const line = toHtcdsLine(recordFromReferral(referral({ primaryLanguage: null, recruitment: [] })));
    assert.deepEqual(Object.keys(line), [...htcdsFields]);
    assert.equal(line.vic_TypeOfExploitation, 'ForcedCriminalActivity;ForcedLabour;Other');
    assert.equal(line.prs_PrimaryLanguage, '');
    assert.equal(line.vic_MethodsOfRecruitment, '');
  });

  it('knows identity columns, and none of its own fields is one', () => {
    for (const field of ['prs_FirstName', 'prs_LastName', 'prs_DateOfBirth', 'prs_DOB', 'prs_Email', 'prs_PhoneNumber', 'prs_Address', 'prs_Alias', 'Name', 'Contact details']) {
      assert.ok(isIdentityField(field), field);
    }
    for (const field of htcdsFields) assert.equal(isIdentityField(field), false, field);
  });
});
