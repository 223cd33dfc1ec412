import type { Nation } from '../organisations/kinds.js';
import { moveOnEnd, reconsiderationDeadline, recoveryPeriodEnd } from '../casework/deadlines.js';
import { ruleInForce } from '../casework/rules.js';

/**
 * What a decision letter says, worked out from the decision and the case as plain data. The wording
 * itself is in the templates (src/notices/templates/); this module decides which template, to whom,
 * and every date and phrase that depends on a rule.
 */

export const noticeRecipients = ['first_responder', 'person', 'representative'] as const;
export type NoticeRecipient = (typeof noticeRecipients)[number];

export type DecisionStage = 'rg' | 'cg';
export type DecisionOutcome = 'positive' | 'negative' | 'trafficking' | 'slavery_servitude_forced_labour' | 'not_recognised';
export type LetterTemplate = 'rg-positive' | 'rg-negative' | 'cg-positive' | 'cg-negative';

export const recipientLabels: Record<NoticeRecipient, string> = {
  first_responder: 'First responder',
  person: 'The person referred',
  representative: 'The person’s representative',
};

const stageNames: Record<DecisionStage, string> = { rg: 'Reasonable grounds decision', cg: 'Conclusive grounds decision' };

export function templateFor(stage: DecisionStage, positive: boolean): LetterTemplate {
  return `${stage}-${positive ? 'positive' : 'negative'}` as LetterTemplate;
}

/** Subjects travel in email headers and lists: the reference and the kind of decision, nothing about the person. */
export function subjectFor(stage: DecisionStage, reference: string): string {
  return `${stageNames[stage]}: ${reference}`;
}

/** The referral's reference, back from a subject written by `subjectFor`. */
export function referenceOf(subject: string): string {
  return subject.slice(subject.lastIndexOf(': ') + 2);
}

/** Someone a letter is addressed to, as the letter and the mailer need them. */
export interface Addressee {
  recipient: NoticeRecipient;
  name: string | null;
  organisation?: string;
  email?: string;
  postalAddress?: string;
}

/** The person's contact details as sealed on the referral (see src/referrals/identity.ts). */
export interface PersonContact {
  givenName?: string;
  familyName?: string;
  email?: string;
  postalAddress?: string;
  representativeName?: string;
  representativeEmail?: string;
}

export function personName(person: PersonContact | null | undefined): string | null {
  const name = [person?.givenName, person?.familyName].filter(Boolean).join(' ').trim();
  return name || null;
}

/**
 * Who gets a letter: always the first responder who made the referral, and, as chosen on the referral
 * ("who may receive decision letters"), the person or their representative as well.
 */
export function addresseesFor(
  letterRecipient: string | null | undefined,
  firstResponder: { name: string; email: string; organisation: string },
  person: PersonContact | null | undefined,
): Addressee[] {
  const list: Addressee[] = [{ recipient: 'first_responder', name: firstResponder.name, organisation: firstResponder.organisation, email: firstResponder.email }];
  if (letterRecipient === 'person' && person) {
    list.push(withoutUndefined({ recipient: 'person', name: personName(person), email: person.email, postalAddress: person.postalAddress }));
  } else if (letterRecipient === 'representative' && person) {
    list.push(withoutUndefined({ recipient: 'representative', name: person.representativeName ?? null, email: person.representativeEmail }));
  }
  return list;
}

/** A letter without an email address is kept for printing and posting (or handing over) instead. */
export function initialStatus(addressee: Addressee): 'pending' | 'no_address' {
  return addressee.email ? 'pending' : 'no_address';
}

/** What the decision found, in the words of the law in force in the nation on the decision date. */
export function victimWording(outcome: DecisionOutcome, stage: DecisionStage, nation: Nation): string {
  if (stage === 'rg') return 'a victim of modern slavery (human trafficking, or slavery, servitude, or forced or compulsory labour)';
  switch (outcome) {
    // Modern Slavery Act 2015 (England and Wales): the conclusive grounds decision names the kind of exploitation.
    case 'trafficking':
      return 'a victim of human trafficking';
    case 'slavery_servitude_forced_labour':
      return 'a victim of slavery, servitude, or forced or compulsory labour';
    case 'not_recognised':
      return 'a victim of modern slavery';
    default:
      // Human Trafficking and Exploitation (Scotland) Act 2015; the Northern Ireland Act of 2015; before them, trafficking only.
      if (nation === 'scotland') return 'a victim of human trafficking or exploitation';
      if (nation === 'northern_ireland') return 'a victim of human trafficking, or of slavery, servitude, or forced or compulsory labour';
      return 'a victim of human trafficking';
  }
}

export interface DecisionFacts {
  stage: DecisionStage;
  outcome: DecisionOutcome;
  positive: boolean;
  /** YYYY-MM-DD */
  decidedOn: string;
  reasons: string;
  standardOfProof: string;
  /** The decision was made on reconsideration of an earlier one. */
  onReconsideration: boolean;
  /** After a CG decision, when stored with it. */
  moveOnEnd: string | null;
}

export interface RecoveryFacts {
  startedOn: string;
  currentEnd: string;
  /** Null when the recovery period is not recorded yet: the letter then states the rule instead. */
  removalStayed: boolean | null;
}

export interface LetterInput {
  reference: string;
  nation: Nation;
  authorityName: string;
  /** The UK date the letter is issued (YYYY-MM-DD). */
  issuedOn: string;
  decision: DecisionFacts;
  recovery: RecoveryFacts | null;
  /** The person's name, when the referral gives one. */
  personName: string | null;
  /** The first responder's organisation, named in letters to the person and their representative. */
  referrerOrganisation: string;
  to: Addressee;
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 2026-12-04 → 4 December 2026 */
export function letterDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

/** Everything a letter template prints: dates formatted, phrases chosen, the reasons split into paragraphs. */
export function letterContext(input: LetterInput) {
  const { decision, to, nation } = input;
  const toPerson = to.recipient === 'person';
  const named = input.personName ?? 'the person referred';
  const recovery = decision.stage === 'rg' && decision.positive ? recoveryOf(input) : null;
  const moveOn = decision.stage === 'cg' ? (decision.moveOnEnd ?? moveOnEnd(decision.decidedOn, decision.positive, nation)) : null;
  return {
    template: templateFor(decision.stage, decision.positive),
    title: stageNames[decision.stage],
    reference: input.reference,
    authorityName: input.authorityName,
    issuedOn: letterDate(input.issuedOn),
    decidedOn: letterDate(decision.decidedOn),
    to: {
      recipient: to.recipient,
      name: to.name,
      organisation: to.organisation ?? null,
      addressLines: to.postalAddress && !to.email ? to.postalAddress.split(/\r?\n|,\s*/).map((l) => l.trim()).filter(Boolean) : [],
    },
    greeting: to.name ? `Dear ${to.name}` : 'Dear Sir or Madam',
    toPerson,
    toRepresentative: to.recipient === 'representative',
    // The grammar of the letter: "you are" to the person, "Amina Yusuf is" to everyone else.
    who: toPerson ? 'you' : named,
    whoIs: toPerson ? 'you are' : `${named} is`,
    whose: toPerson ? 'your' : 'their',
    personName: input.personName,
    referrerOrganisation: input.referrerOrganisation,
    victimOf: victimWording(decision.outcome, decision.stage, nation),
    notRecognised: decision.outcome === 'not_recognised',
    standardOfProof: decision.standardOfProof.replace(/\.\s*$/, ''),
    onReconsideration: decision.onReconsideration,
    reasons: decision.reasons.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean),
    recovery,
    moveOnEnd: moveOn ? letterDate(moveOn) : null,
    reconsiderBy: decision.positive ? null : letterDate(reconsiderationDeadline(decision.decidedOn, nation)),
    reconsiderationDays: decision.positive ? null : ruleInForce<number>('reconsideration_window_days', decision.decidedOn, nation).value,
  };
}

export type LetterContext = ReturnType<typeof letterContext>;

function recoveryOf(input: LetterInput) {
  // Recovery period: the rule in force on the positive RG date, unless the period is already recorded with extensions.
  const startedOn = input.recovery?.startedOn ?? input.decision.decidedOn;
  const end = input.recovery?.currentEnd ?? recoveryPeriodEnd(input.decision.decidedOn, input.nation);
  return { startedOn: letterDate(startedOn), endsOn: letterDate(end), removalStayed: input.recovery?.removalStayed ?? null };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
