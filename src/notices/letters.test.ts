import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addresseesFor, initialStatus, letterContext, referenceOf, subjectFor, templateFor, victimWording,
  type Addressee, type DecisionFacts, type LetterInput,
} from './letters.js';
import { letterBlocks, letterText, renderLetter } from './letter-html.js';
import { letterPdf, printable } from './letter-pdf.js';
import { deliveryError, retryDelayMs } from './service.js';
import { pdfText } from '../../test/support/pdf-text.js';

const firstResponder = { name: 'Fiona Reid', email: 'first.responder@palermo.example', organisation: 'Metropolitan Police Service' };
const person = { givenName: 'Amina', familyName: 'Yusuf', email: 'amina@example.org', representativeName: 'Ravi Patel', representativeEmail: 'ravi@law.example' };
const toFirstResponder: Addressee = { recipient: 'first_responder', ...firstResponder };
const toPerson: Addressee = { recipient: 'person', name: 'Amina Yusuf', email: 'amina@example.org' };

const rgPositive: DecisionFacts = {
  stage: 'rg', outcome: 'positive', positive: true, decidedOn: '2026-12-04', reasons: 'The account is consistent.\n\nThe indicators are present.',
  standardOfProof: 'There are reasonable grounds to believe, based on objective factors but falling short of conclusive proof, that the person is a victim of modern slavery',
  onReconsideration: false, moveOnEnd: null,
};

function letter(decision: Partial<DecisionFacts>, to: Addressee, extra: Partial<LetterInput> = {}) {
  const input: LetterInput = {
    reference: 'NRM-2026-000123', nation: 'england', authorityName: 'Single Competent Authority', issuedOn: '2026-12-05',
    decision: { ...rgPositive, ...decision }, recovery: null, personName: 'Amina Yusuf', referrerOrganisation: 'Metropolitan Police Service', to, ...extra,
  };
  const html = renderLetter(letterContext(input));
  assert.doesNotMatch(html, /undefined|null|\[object/, 'every value is filled in');
  return { html, text: letterText(html) };
}

describe('who gets a decision letter', () => {
  it('always the first responder; the person or their representative as the referral chose', () => {
    assert.deepEqual(addresseesFor('first_responder', firstResponder, person).map((a) => a.recipient), ['first_responder']);
    assert.deepEqual(addresseesFor(null, firstResponder, person).map((a) => a.recipient), ['first_responder']);
    const toThePerson = addresseesFor('person', firstResponder, person);
    assert.deepEqual(toThePerson.map((a) => [a.recipient, a.name, a.email]), [['first_responder', 'Fiona Reid', firstResponder.email], ['person', 'Amina Yusuf', 'amina@example.org']]);
    const toTheRepresentative = addresseesFor('representative', firstResponder, person);
    assert.deepEqual(toTheRepresentative[1], { recipient: 'representative', name: 'Ravi Patel', email: 'ravi@law.example' });
  });

  it('keeps a letter with only a postal address for posting', () => {
    const [, byPost] = addresseesFor('person', firstResponder, { givenName: 'Lan', familyName: 'Nguyen', postalAddress: '12 Mill Lane, Sheffield, S1 2AB' });
    assert.equal(initialStatus(byPost!), 'no_address');
    assert.equal(initialStatus(toPerson), 'pending');
    const { html } = letter({}, byPost!);
    assert.deepEqual(letterBlocks(html).find((b) => b.kind === 'address'), { kind: 'address', lines: ['Lan Nguyen', '12 Mill Lane', 'Sheffield', 'S1 2AB'] });
  });

  it('names the kind of decision and the reference in the subject, nothing about the person', () => {
    assert.equal(subjectFor('rg', 'NRM-2026-000123'), 'Reasonable grounds decision: NRM-2026-000123');
    assert.equal(subjectFor('cg', 'NRM-2026-000123'), 'Conclusive grounds decision: NRM-2026-000123');
    assert.equal(referenceOf(subjectFor('cg', 'NRM-2026-000123')), 'NRM-2026-000123');
    assert.equal(templateFor('cg', false), 'cg-negative');
  });
});

describe('decision letters', () => {
  it('positive RG to the person: the decision, its date, the standard, the recovery period and the stay on removal', () => {
    const { text } = letter({}, toPerson, { recovery: { startedOn: '2026-12-04', currentEnd: '2027-01-20', removalStayed: true } });
    assert.match(text, /Reasonable grounds decision/);
    assert.match(text, /Reference: NRM-2026-000123/);
    assert.match(text, /Date: 5 December 2026/);
    assert.match(text, /Dear Amina Yusuf,/);
    assert.match(text, /On 4 December 2026 we decided that there are reasonable grounds to believe that you are a victim of modern slavery/);
    assert.match(text, /falling short of conclusive proof/);
    assert.match(text, /started on 4 December 2026 and lasts until at least 20 January 2027/);
    assert.match(text, /No action will be taken to remove you from the UK during the recovery period/);
    assert.match(text, /The account is consistent\.\n\nThe indicators are present\./, 'the reasons, paragraph by paragraph');
    assert.doesNotMatch(text, /reconsider/);
  });

  it('positive RG before the recovery period is recorded: the minimum end by the rule in force, and the stay stated as a rule', () => {
    const { text } = letter({}, toFirstResponder);
    // 30 days from 13 December 2022 (45 before): 4 December 2026 + 30 days.
    assert.match(text, /lasts until at least 3 January 2027/);
    assert.match(text, /If Amina Yusuf is in the UK without permission, no action will be taken to remove them/);
    assert.match(text, /Please tell Amina Yusuf about this decision/);
  });

  it('negative RG to the first responder: the decision and how to ask for reconsideration, by when', () => {
    const { text } = letter({ outcome: 'negative', positive: false }, toFirstResponder);
    assert.match(text, /Dear Fiona Reid,/);
    assert.match(text, /there are not reasonable grounds to believe that Amina Yusuf is a victim of modern slavery/);
    assert.match(text, /You can ask us to reconsider this decision/);
    assert.match(text, /Ask within 30 days of the decision, by 3 January 2027/);
    assert.doesNotMatch(text, /Recovery period/);
  });

  it('negative RG to the representative names the person as their client', () => {
    const { text } = letter({ outcome: 'negative', positive: false }, { recipient: 'representative', name: 'Ravi Patel', email: 'ravi@law.example' });
    assert.match(text, /Dear Ravi Patel,/);
    assert.match(text, /Please make sure Amina Yusuf understands this letter/);
  });

  it('CG in England and Wales names the exploitation: trafficking, or slavery, servitude or forced labour', () => {
    const trafficking = letter({ stage: 'cg', outcome: 'trafficking', positive: true, decidedOn: '2027-03-01', moveOnEnd: '2027-04-15' }, toPerson).text;
    assert.match(trafficking, /Conclusive grounds decision/);
    assert.match(trafficking, /on the balance of probabilities, there are conclusive grounds to accept that you are a victim of human trafficking\./);
    assert.match(trafficking, /until at least 15 April 2027/);
    const slavery = letter({ stage: 'cg', outcome: 'slavery_servitude_forced_labour', positive: true, decidedOn: '2027-03-01', moveOnEnd: null }, toFirstResponder).text;
    assert.match(slavery, /Amina Yusuf is a victim of slavery, servitude, or forced or compulsory labour/);
    assert.match(slavery, /until at least 15 April 2027/, 'move-on end by the rule in force when not stored: 45 days');
  });

  it('CG not recognised: the decision, the end of support and the reconsideration window', () => {
    const { text } = letter({ stage: 'cg', outcome: 'not_recognised', positive: false, decidedOn: '2027-03-01', moveOnEnd: '2027-03-15' }, toPerson);
    assert.match(text, /you are not recognised as a victim of modern slavery/);
    assert.match(text, /Support through the National Referral Mechanism ends on 15 March 2027/);
    assert.match(text, /The first responder who referred you, your support provider or your legal representative can ask us to reconsider/);
    assert.match(text, /by 31 March 2027/);
  });

  it('CG in Scotland and Northern Ireland is positive or negative, in the words of their own Acts', () => {
    assert.equal(victimWording('positive', 'cg', 'scotland'), 'a victim of human trafficking or exploitation');
    assert.match(victimWording('negative', 'cg', 'northern_ireland'), /human trafficking, or of slavery, servitude/);
    const { text } = letter({ stage: 'cg', outcome: 'negative', positive: false, decidedOn: '2027-03-01', moveOnEnd: '2027-03-15' }, toPerson, { nation: 'scotland' });
    assert.match(text, /there are not conclusive grounds to accept that you are a victim of human trafficking or exploitation/);
  });

  it('says when the decision was made on reconsideration', () => {
    assert.match(letter({ onReconsideration: true }, toPerson).text, /after we reconsidered our earlier decision/);
  });

  it('escapes what caseworkers wrote, and reads it back as text', () => {
    const { html, text } = letter({ reasons: 'She said <script>alert(1)</script> & “left”.' }, toPerson);
    assert.doesNotMatch(html, /<script>/);
    assert.match(text, /She said <script>alert\(1\)<\/script> & “left”\./);
  });
});

describe('the letter as a PDF', () => {
  it('carries the reference and the decision, with accents outside the standard fonts dropped, not garbled', async () => {
    const { html } = letter({}, { ...toPerson, name: 'Nguyễn Văn An' });
    const pdf = await letterPdf(letterBlocks(html), { title: 'Reasonable grounds decision: NRM-2026-000123', reference: 'NRM-2026-000123', author: 'Single Competent Authority', createdAt: new Date('2026-12-05T10:00:00Z') });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    assert.match(text, /Reference: NRM-2026-000123/);
    assert.match(text, /Reasonable grounds decision/);
    assert.match(text, /Dear Nguyen Van An,/);
    assert.match(text, /NRM-2026-000123 · page 1 of \d/);
    assert.equal(printable('Đ “x” é ✓'), '? “x” é ?');
  });
});

describe('delivery', () => {
  it('keeps addresses out of delivery errors', () => {
    const error = Object.assign(new Error('Recipient <amina@example.org> rejected: mailbox unavailable'), { code: 'EENVELOPE', responseCode: 550 });
    assert.equal(deliveryError(error), 'EENVELOPE 550: Recipient <[address]> rejected: mailbox unavailable');
  });

  it('waits longer after each failed attempt, up to six hours', () => {
    assert.deepEqual([1, 2, 3, 10, 30].map((n) => retryDelayMs(n) / 60_000), [1, 2, 4, 360, 360]);
  });
});
