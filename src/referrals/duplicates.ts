/**
 * Whether an earlier referral may be the same person. Any two of: a shared name (or alias), the same
 * date of birth, a shared nationality — names alone are too common, a date of birth alone too.
 */
export interface MatchSubject {
  nameKeys: string[];
  birthDateKey: string | null;
  nationalities: string[];
}

export function matchReasons(a: MatchSubject, b: MatchSubject): string[] {
  const reasons: string[] = [];
  if (a.nameKeys.some((k) => b.nameKeys.includes(k))) reasons.push('name');
  if (a.birthDateKey && a.birthDateKey === b.birthDateKey) reasons.push('date_of_birth');
  if (a.nationalities.some((n) => n !== 'XX' && b.nationalities.includes(n))) reasons.push('nationality');
  return reasons.length >= 2 ? reasons : [];
}
