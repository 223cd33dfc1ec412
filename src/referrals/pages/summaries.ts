import type { ReferenceList } from '../../reference-data/schema.js';
import type { Situation } from '../schema.js';
import type { DraftAnswers } from '../draft-answers.js';
import { journey, type JourneyContext, type PageId } from '../journey.js';
import {
  asylumClaims, detentions, exploitationTypes, genders, immigrationStatuses, indicators, letterRecipients, meansOfControl, recruitmentMethods,
  supportNeeds, under18Answers,
} from '../vocabulary.js';
import { draftUrl } from './common.js';

/** Check-your-answers: the draft's answers in words, section by section, each row with its "Change" link. */
type Label = (list: ReferenceList, code: string | undefined) => string;
type Vocabulary = Record<string, { label: string }>;

export interface SummaryRow {
  key: string;
  /** One line each: the template escapes them and breaks between them. */
  lines: string[];
  href?: string;
}
export interface SummarySection {
  title: string;
  rows: SummaryRow[];
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const monthLabel = (month: string | undefined) => {
  const [year, mm] = month?.split('-') ?? [];
  return year && mm ? `${months[Number(mm) - 1]} ${year}` : '';
};
export const dateLabel = (date: string | undefined) => {
  const [year, mm, dd] = date?.split('-') ?? [];
  return year && mm && dd ? `${Number(dd)} ${months[Number(mm) - 1]} ${year}` : '';
};
const words = (vocabulary: Vocabulary, codes: string[] | undefined) => (codes ?? []).map((c) => vocabulary[c]?.label ?? c);
const word = (vocabulary: Vocabulary, code: string | undefined) => (code ? (vocabulary[code]?.label ?? code) : '');
const orNone = (lines: (string | undefined)[], none = 'Not given') => {
  const given = lines.filter((l): l is string => Boolean(l));
  return given.length > 0 ? given : [none];
};

export function describeSituation(s: Situation, label: Label) {
  const where = [...s.ukPlaces.map((c) => label('uk_place', c)), ...s.overseasCountries.map((c) => label('nationality', c))];
  return {
    types: [...words(exploitationTypes, s.types), ...(s.countyLines ? ['County lines'] : [])].join(', '),
    when: `${monthLabel(s.startMonth)} to ${s.ongoing ? 'now (still happening)' : monthLabel(s.endMonth)}`,
    where: where.length > 0 ? where.join(', ') + (s.locationUnknown ? ', and places not known' : '') : 'Not known',
  };
}

function situationRows(s: Situation, n: number, href: string, label: Label, anonymous: boolean): SummaryRow[] {
  const d = describeSituation(s, label);
  const rows: SummaryRow[] = [
    { key: 'Types of exploitation', lines: [d.types], href },
    { key: 'When', lines: [d.when], href },
    { key: 'Where', lines: [d.where], href },
    { key: 'How they were recruited', lines: orNone(words(recruitmentMethods, s.recruitment)), href },
    { key: 'Means of control', lines: orNone(words(meansOfControl, s.meansOfControl)), href },
    { key: 'Indicators observed', lines: orNone(words(indicators, s.indicators)), href },
  ];
  if (!anonymous) rows.push({ key: 'What happened', lines: orNone([s.narrative]), href });
  return rows.map((r) => ({ ...r, key: `${r.key} (situation ${n})` }));
}

export function checkAnswersSections(answers: DraftAnswers, draftId: string, context: JourneyContext, label: Label): SummarySection[] {
  const pages = journey(answers, context);
  const asks = (page: PageId) => pages.includes(page);
  const change = (page: string) => `${draftUrl(draftId, page)}?change=1`;
  const p = answers.person ?? {};
  const anonymous = answers.under18 === 'no' && answers.consent === false;
  const sections: SummarySection[] = [];

  const referral: SummaryRow[] = [{ key: 'Under 18', lines: orNone([word(under18Answers, answers.under18)], 'Not answered'), href: change('under-18') }];
  if (asks('consent')) referral.push({ key: 'Consents to an NRM referral', lines: [answers.consent === undefined ? 'Not answered' : answers.consent ? 'Yes' : 'No'], href: change('consent') });
  if (anonymous) referral.push({ key: 'What you are making', lines: ['An anonymous Duty to Notify report'] });
  sections.push({ title: 'The referral', rows: referral });

  if (asks('child-local-authority')) {
    const la = answers.childLocalAuthority;
    sections.push({
      title: 'The child’s local authority',
      rows: [
        { key: 'Local authority', lines: orNone([label('local_authority', la?.code)], 'Not answered'), href: change('child-local-authority') },
        { key: 'Contact', lines: orNone([la?.contactName, la?.contactEmail, la?.contactPhone], 'Not answered'), href: change('child-local-authority') },
      ],
    });
  }

  const person: SummaryRow[] = [];
  if (asks('name')) {
    person.push({ key: 'Name', lines: orNone([[p.givenName, p.familyName].filter(Boolean).join(' ')]), href: change('name') });
    person.push({ key: 'Other names', lines: orNone(p.aliases ?? [], 'None given'), href: change('name') });
  }
  if (asks('date-of-birth')) {
    const age = p.estimatedAge === undefined ? undefined : `About ${p.estimatedAge} years old (estimated)`;
    person.push({ key: 'Date of birth or age', lines: orNone([dateLabel(p.dateOfBirth), age], 'Not answered'), href: change('date-of-birth') });
  }
  person.push({ key: 'Gender', lines: orNone([word(genders, p.gender)], 'Not answered'), href: change('about-the-person') });
  person.push({ key: 'Nationalities', lines: orNone((p.nationalities ?? []).map((c) => label('nationality', c)), 'Not answered'), href: change('about-the-person') });
  if (!anonymous) {
    person.push({ key: 'Languages', lines: orNone((p.languages ?? []).map((c) => label('language', c))), href: change('about-the-person') });
    person.push({ key: 'Needs an interpreter', lines: [p.interpreterNeeded ? 'Yes' : 'No'], href: change('about-the-person') });
  }
  sections.push({ title: anonymous ? 'About the person (anonymous)' : 'The person', rows: person });

  if (asks('safe-contact')) {
    const recipient = [word(letterRecipients, p.letterRecipient), p.letterRecipient === 'representative' ? [p.representativeName, p.representativeEmail].filter(Boolean).join(', ') : undefined];
    sections.push({
      title: 'Safe contact and decision letters',
      rows: [
        { key: 'Phone', lines: orNone([p.phone]), href: change('safe-contact') },
        { key: 'Email', lines: orNone([p.email]), href: change('safe-contact') },
        { key: 'Postal address', lines: orNone(p.postalAddress?.split(/\r?\n/) ?? []), href: change('safe-contact') },
        { key: 'Notes on contacting them safely', lines: orNone([p.safeContactNotes]), href: change('safe-contact') },
        { key: 'Who may receive decision letters', lines: orNone(recipient, 'Not answered'), href: change('safe-contact') },
      ],
    });
  }
  if (asks('immigration')) {
    sections.push({
      title: 'Immigration and where they are now',
      rows: [
        { key: 'Immigration status', lines: orNone([word(immigrationStatuses, p.immigrationStatus)]), href: change('immigration') },
        { key: 'Asylum claim', lines: orNone([word(asylumClaims, p.asylumClaim)]), href: change('immigration') },
        { key: 'Detention', lines: orNone([word(detentions, p.detention)]), href: change('immigration') },
        { key: 'Where they are now', lines: orNone([p.currentPlace ? label('uk_place', p.currentPlace) : undefined, p.currentLocationNotes]), href: change('immigration') },
      ],
    });
  }

  const situations = answers.situations ?? [];
  sections.push({
    title: 'Exploitation',
    rows: situations.length === 0
      ? [{ key: 'Situations', lines: ['None described yet'], href: change('situations') }]
      : situations.flatMap((s, i) => situationRows(s, i + 1, change(`situations/${i + 1}`), label, anonymous)),
  });

  const agencies: SummaryRow[] = [{ key: 'Police force', lines: orNone([label('police_force', answers.policeForceCode)]), href: change('other-agencies') }];
  if (!anonymous) {
    agencies.push({ key: 'Crime reference', lines: orNone([answers.crimeReference]), href: change('other-agencies') });
    agencies.push({ key: 'Local authority case number', lines: orNone([answers.localAuthorityCaseNumber]), href: change('other-agencies') });
  }
  sections.push({ title: 'Other agencies', rows: agencies });

  if (asks('support-needs')) {
    sections.push({ title: 'Support', rows: [{ key: 'Support needed', lines: orNone(words(supportNeeds, answers.supportNeeds), 'None selected'), href: change('support-needs') }] });
  }
  return sections;
}
