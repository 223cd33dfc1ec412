#!/usr/bin/env node
// Writes test/fixtures/nrm-2009.jsonl: 527 fictitious NRM referrals received from 1 April to
// 31 December 2009, in the historical import format (docs/IMPORT.md), whose referring agencies and
// reasonable grounds outcomes add up exactly to the first published NRM statistics (STATISTICS.md):
// UKBA 238, police 166, local authorities 57, Poppy 27, Kalayaan 19, TARA 9, Migrant Helpline 8,
// CPS 2, NHS 1; 301 positive, 131 negative, 7 suspended, 18 withdrawn, 70 with no decision recorded.
// Also writes test/fixtures/nrm-2009-organisations.json: every organisation the file names, as an
// administrator sets it up (the demo data has most; the Crown Prosecution Service and NHS London are not
// in it, and test/integration/statistics-2009.test.ts adds them through the organisation service).
//
// Everything else (dates, people, exploitation, which case had which outcome) is drawn from a seeded
// generator: the same script always writes the same files. The people are obviously fictitious
// ("Alpha Fixture-2009-0001"). The marginals are the published ones; no other figure is.
// Usage: node scripts/build-2009-fixture.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fixtures = path.join(root, 'test', 'fixtures');

/** The organisations, as organisationInput (src/organisations/schema.ts) takes them. */
const organisations = [
  { name: 'UK Border Agency', type: 'competent_authority', nation: 'england', designatedFirstResponder: true, competentAuthorityCode: 'ukba' },
  { name: 'Metropolitan Police Service', type: 'police', nation: 'england', areaCode: 'E23000001', designatedFirstResponder: true },
  { name: 'South Yorkshire Police', type: 'police', nation: 'england', areaCode: 'E23000011', designatedFirstResponder: true },
  { name: 'London Borough of Hillingdon', type: 'local_authority', nation: 'england', areaCode: 'E09000017', designatedFirstResponder: true },
  { name: 'Glasgow City Council', type: 'local_authority', nation: 'scotland', areaCode: 'S12000049', designatedFirstResponder: true },
  { name: 'Poppy Project', type: 'ngo', nation: 'england', designatedFirstResponder: true, providesSupport: true },
  { name: 'Kalayaan', type: 'ngo', nation: 'england', designatedFirstResponder: true },
  { name: 'TARA', type: 'ngo', nation: 'scotland', designatedFirstResponder: true },
  { name: 'Migrant Helpline', type: 'ngo', nation: 'england', designatedFirstResponder: true, providesSupport: true },
  // Not designated first responders, but the 2009 statistics count referrals from them.
  { name: 'Crown Prosecution Service', type: 'prosecution', nation: 'england', designatedFirstResponder: false },
  { name: 'NHS London', type: 'health', nation: 'england', designatedFirstResponder: false },
].map((o) => ({ ...o, providesSupport: o.providesSupport ?? false, active: true }));

/** Referrals by organisation: the published agency figures, police and local authorities split between forces and councils. */
const referralsFrom = [
  ['UK Border Agency', 238],
  ['Metropolitan Police Service', 130], ['South Yorkshire Police', 36], // police: 166
  ['London Borough of Hillingdon', 45], ['Glasgow City Council', 12], // local authorities: 57
  ['Poppy Project', 27], ['Kalayaan', 19], ['TARA', 9], ['Migrant Helpline', 8],
  ['Crown Prosecution Service', 2], ['NHS London', 1],
];
const rgOutcomes = [['positive', 301], ['negative', 131], ['suspended', 7], ['withdrawn', 18], ['none', 70]];

// mulberry32: small, fast and the same everywhere.
let state = 2009;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[int(0, list.length - 1)];
function shuffled(list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
const expand = (counts) => counts.flatMap(([value, count]) => Array.from({ length: count }, () => value));

const day = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const month = (iso, months) => {
  const [y, m] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

const phonetic = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett', 'Kilo', 'Lima', 'Mike', 'November', 'Oscar', 'Papa'];
const nationalities = ['NG', 'CN', 'VN', 'AL', 'RO', 'LT', 'CZ', 'SK', 'UG', 'ER', 'TH', 'MY', 'PL', 'GB'];
const eea = new Set(['RO', 'LT', 'CZ', 'SK', 'PL']);
const places = { england: ['london', 'sheffield', 'manchester', 'birmingham', 'leeds'], scotland: ['glasgow', 'edinburgh'] };
const nationOf = Object.fromEntries(organisations.map((o) => [o.name, o.nation]));
const childAuthority = {
  england: { code: 'E09000017', contactName: 'Duty team', contactEmail: 'childrens.services@hillingdon.example' },
  scotland: { code: 'S12000049', contactName: 'Duty team', contactEmail: 'childrens.services@glasgow.example' },
};

const days = 275; // 1 April to 31 December 2009
const agencies = shuffled(expand(referralsFrom));
const outcomes = shuffled(expand(rgOutcomes));
const records = agencies.map((organisation, i) => {
  const receivedOn = day('2009-04-01', Math.floor((i * days) / agencies.length));
  // 09:00 to 16:59 UTC: the same day in UK time, in summer and in winter.
  const receivedAt = `${receivedOn}T${String(int(9, 16)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00Z`;
  return { organisation, receivedOn, receivedAt, outcome: outcomes[i] };
}).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));

const lines = records.map((r, i) => {
  const number = String(i + 1).padStart(4, '0');
  const nation = nationOf[r.organisation];
  const child = random() < 0.2;
  const nationality = pick(nationalities);
  // Born in the year before (receipt year − age − 1): at receipt, `age` or `age + 1` years old.
  const age = child ? int(13, 16) : int(19, 45);
  const dateOfBirth = `${Number(r.receivedOn.slice(0, 4)) - age - 1}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
  const receivedMonth = r.receivedOn.slice(0, 7);
  const startMonth = month(receivedMonth, -int(3, 12));
  const where = random() < 0.7 ? { ukPlaces: [pick(places[nation])] } : random() < 0.5 ? { overseasCountries: [nationality === 'GB' ? 'FR' : nationality] } : { locationUnknown: true };
  const asylumClaim = nationality === 'GB' || eea.has(nationality) ? 'no' : pick(['yes', 'no']);
  const person = {
    givenName: pick(phonetic), familyName: `Fixture-2009-${number}`, dateOfBirth, gender: random() < 0.6 ? 'female' : 'male', nationalities: [nationality],
    letterRecipient: 'first_responder', asylumClaim, detention: 'none',
    immigrationStatus: nationality === 'GB' ? 'british_or_irish' : eea.has(nationality) ? 'settled' : asylumClaim === 'yes' ? 'asylum_seeker' : 'no_leave',
  };
  const line = {
    externalId: `UKHTC-2009-${number}`,
    receivedAt: r.receivedAt,
    organisation: r.organisation,
    referral: {
      under18: child ? 'yes' : 'no',
      ...(child ? { childLocalAuthority: childAuthority[nation] } : { consent: true }),
      person,
      situations: [{ types: [pick(['sexual', 'sexual', 'labour', 'domestic_servitude', 'not_specified'])], startMonth, endMonth: receivedMonth, ...where }],
    },
  };
  if (r.outcome === 'positive' || r.outcome === 'negative') {
    const rgOn = day(r.receivedOn, int(1, 12));
    line.decisions = [{ stage: 'rg', outcome: r.outcome, decidedOn: rgOn, reasons: `Fictitious fixture: ${r.outcome} reasonable grounds decision.` }];
    // About a third of the positive cases also have their conclusive grounds decision, after the 45-day period.
    if (r.outcome === 'positive' && random() < 1 / 3) {
      const cg = random() < 0.8 ? 'positive' : 'negative';
      line.decisions.push({ stage: 'cg', outcome: cg, decidedOn: day(rgOn, int(50, 120)), reasons: `Fictitious fixture: ${cg} conclusive grounds decision.` });
    }
  } else if (r.outcome === 'withdrawn') {
    Object.assign(line, { status: 'withdrawn', statusOn: day(r.receivedOn, int(2, 20)) });
  } else if (r.outcome === 'suspended') {
    Object.assign(line, { status: 'suspended_missing', statusOn: day(r.receivedOn, int(1, 4)) });
  }
  return JSON.stringify(line);
});

writeFileSync(path.join(fixtures, 'nrm-2009.jsonl'), `${lines.join('\n')}\n`);
writeFileSync(path.join(fixtures, 'nrm-2009-organisations.json'), `${JSON.stringify(organisations, null, 2)}\n`);
console.log(`Wrote ${lines.length} referrals to test/fixtures/nrm-2009.jsonl and ${organisations.length} organisations to test/fixtures/nrm-2009-organisations.json`);
