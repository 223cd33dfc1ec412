import type { Nation, OrganisationType } from '../../organisations/kinds.js';
import type { CompetentAuthorityCode } from '../../referrals/routing.js';
import type { SeededRandom } from './random.js';

/**
 * Who is referred, in roughly the proportions of the published NRM statistics (2023–2025): mostly
 * men, about four in ten children, UK, Albanian and Vietnamese nationals the most frequent, criminal
 * and labour exploitation the most reported, county lines among children's criminal exploitation.
 */

export const givenNames = [
  'Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Robin', 'Charlie',
  'Avery', 'Quinn', 'Rowan', 'Sky', 'Eden', 'Frankie', 'Hayden', 'Jesse', 'Kai', 'Logan',
] as const;

/** Obviously fictitious: nobody is called "Test Alex Example-123". */
export function fictitiousName(random: SeededRandom): { givenName: string; familyName: string } {
  return { givenName: `Test ${random.pick(givenNames)}`, familyName: `Example-${random.int(1, 9999)}` };
}

export const nationalityWeights: readonly (readonly [string, number])[] = [
  ['GB', 24], ['AL', 18], ['VN', 7], ['ER', 6], ['SD', 5], ['AF', 4], ['IR', 3], ['RO', 3], ['IN', 3], ['NG', 2],
  ['IQ', 2], ['CN', 2], ['PL', 2], ['ET', 2], ['EG', 1], ['PK', 1], ['BG', 1], ['SY', 1], ['KW', 1], ['LT', 1],
];

export type Gender = 'female' | 'male' | 'other' | 'not_specified';
export const genderWeights: readonly (readonly [Gender, number])[] = [['male', 77], ['female', 22], ['other', 0.5], ['not_specified', 0.5]];

export type ExploitationType = 'criminal' | 'labour' | 'sexual' | 'domestic_servitude' | 'not_specified';

/** Children are referred mostly for criminal exploitation; adults mostly for labour exploitation. */
export function exploitationTypesFor(random: SeededRandom, child: boolean, gender: Gender): ExploitationType[] {
  const sexualWeight = gender === 'female' ? 30 : 4;
  const main = random.weighted<ExploitationType>(child
    ? [['criminal', 60], ['labour', 10], ['sexual', sexualWeight], ['domestic_servitude', 2], ['not_specified', 8]]
    : [['labour', 38], ['criminal', 18], ['sexual', sexualWeight], ['domestic_servitude', 6], ['not_specified', 8]]);
  const types = new Set<ExploitationType>([main]);
  if (main !== 'not_specified' && random.chance(0.12)) {
    types.add(random.pick<ExploitationType>(['criminal', 'labour', 'sexual', 'domestic_servitude']));
  }
  return [...types].sort();
}

export type ExploitationLocation = 'uk' | 'overseas' | 'both' | 'unknown';
export function exploitationLocationFor(random: SeededRandom, nationality: string, countyLines: boolean): ExploitationLocation {
  if (countyLines || nationality === 'GB') return random.chance(0.97) ? 'uk' : 'unknown';
  return random.weighted<ExploitationLocation>([['uk', 45], ['overseas', 25], ['both', 22], ['unknown', 8]]);
}

export const ukPlaces = ['London', 'Birmingham', 'Manchester', 'Leeds', 'Liverpool', 'Bristol', 'Sheffield', 'Nottingham', 'Cardiff', 'Glasgow'] as const;

export type ImmigrationStatus = 'british_or_irish' | 'settled' | 'leave_to_remain' | 'asylum_seeker' | 'refugee_or_protection' | 'no_leave' | 'unknown';
export function immigrationStatusFor(random: SeededRandom, britishOrIrish: boolean): ImmigrationStatus {
  if (britishOrIrish) return 'british_or_irish';
  return random.weighted<ImmigrationStatus>([['asylum_seeker', 40], ['no_leave', 25], ['leave_to_remain', 10], ['settled', 5], ['refugee_or_protection', 5], ['unknown', 15]]);
}

export type AsylumClaim = 'yes' | 'intends_to' | 'no' | 'unknown';
export type Detention = 'none' | 'immigration_detention' | 'prison' | 'police_custody' | 'unknown';
export function detentionFor(random: SeededRandom, child: boolean): Detention {
  if (child) return random.weighted<Detention>([['none', 95], ['police_custody', 3], ['unknown', 2]]);
  return random.weighted<Detention>([['none', 82], ['immigration_detention', 7], ['prison', 4], ['police_custody', 2], ['unknown', 5]]);
}

/** An organisation that may refer, and how often it does relative to the others. */
export interface Referrer {
  id: string;
  type: OrganisationType;
  nation: Nation;
  weight: number;
}

/** England refers most people; police and local authorities most often (published statistics, table 5). */
export function referrerWeight(type: OrganisationType, nation: Nation): number {
  const byType: Partial<Record<OrganisationType, number>> = { police: 10, local_authority: 8, ngo: 4 };
  return (byType[type] ?? 2) * (nation === 'england' ? 6 : 1);
}

export type AuthorityIds = ReadonlyMap<CompetentAuthorityCode, string>;
