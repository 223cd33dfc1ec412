#!/usr/bin/env node
// Writes reference-data/nationality.csv and reference-data/language.csv from the ISO code packages
// (devDependencies). The CSV files are committed and are what the service reads: it never needs
// these packages at run time. Run again after upgrading either package, then review the diff.
// Usage: node scripts/build-reference-data.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries');
const iso6391 = require('iso-639-1');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// Plain British English names where the package gives a formal or foreign-style one.
const countryNames = {
  BN: 'Brunei',
  CD: 'Democratic Republic of the Congo',
  CG: 'Republic of the Congo',
  CI: 'Ivory Coast',
  CN: 'China',
  CZ: 'Czechia',
  FK: 'Falkland Islands',
  FM: 'Micronesia',
  GM: 'The Gambia',
  IR: 'Iran',
  KP: 'North Korea',
  KR: 'South Korea',
  LA: 'Laos',
  MD: 'Moldova',
  MK: 'North Macedonia',
  PN: 'Pitcairn Islands',
  PS: 'Occupied Palestinian Territories',
  RU: 'Russia',
  SY: 'Syria',
  TR: 'Turkey',
  TW: 'Taiwan',
  TZ: 'Tanzania',
  US: 'United States',
  VA: 'Vatican City',
  VG: 'British Virgin Islands',
  VI: 'United States Virgin Islands',
};

// XK (Kosovo) is a user-assigned code, not part of ISO 3166-1, but common in casework; it is added below
// with XX ("Not known"), also user-assigned, for a person whose nationality is not known.
const notIso = new Set(['XK']);
const extraNationalities = [['XK', 'Kosovo'], ['XX', 'Not known']];

const languageNames = {
  ht: 'Haitian Creole',
  pa: 'Punjabi',
};

// Not in ISO 639-1, which has no sign languages.
const extraLanguages = [['bfi', 'British Sign Language']];

function csvField(value) {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function writeList(list, rows) {
  const lines = ['code,label,nation,parent_code', ...rows.map(([code, label]) => [code, label, '', ''].map(csvField).join(','))];
  writeFileSync(path.join(root, 'reference-data', `${list}.csv`), `${lines.join('\n')}\n`);
  console.log(`reference-data/${list}.csv: ${rows.length} rows`);
}

const byCode = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
const nationalities = Object.entries(countries.getNames('en', { select: 'official' }))
  .filter(([code]) => !notIso.has(code))
  .map(([code, name]) => [code, countryNames[code] ?? name])
  .sort(byCode);
if (nationalities.length !== 249) throw new Error(`Expected the 249 ISO 3166-1 codes, got ${nationalities.length}`);
writeList('nationality', [...nationalities, ...extraNationalities].sort(byCode));

const languages = iso6391.getAllCodes()
  .map((code) => [code, languageNames[code] ?? iso6391.getName(code)])
  .concat(extraLanguages)
  .sort(byCode);
writeList('language', languages);
