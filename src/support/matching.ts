import type { Region } from './regions.js';

/**
 * Which services could take a person, best first. Pure: the allocator's page and the tests call it with
 * the services as read, and the allocator makes the choice.
 *
 * A service is proposed only if it has a free place, is for the person's gender, works with at least one
 * of the person's types of exploitation, and — when the person is in immediate danger — is accommodation.
 * Among those, a service in the person's region comes first, then one whose staff speak the person's
 * language, then the kind of support asked for, then the one with more free places.
 */
export type ServiceKind = 'accommodation' | 'outreach';
export type ClientGroup = 'women' | 'men' | 'families' | 'anyone';

export interface ServiceOffer {
  id: string;
  kind: ServiceKind;
  clientGroup: ClientGroup;
  regions: string[];
  exploitationTypes: string[];
  languages: string[];
  places: number;
  placesTaken: number;
  active: boolean;
}

export interface SupportNeeds {
  gender: string;
  exploitationTypes: string[];
  region: Region | null;
  /** ISO 639 codes. */
  languages: string[];
  /** From the referral's support needs: accommodation, outreach, urgent_safety, … */
  supportNeeds: string[];
}

export interface Match<S extends ServiceOffer> {
  service: S;
  freePlaces: number;
  inRegion: boolean;
  speaksLanguage: boolean;
  kindAsked: boolean;
  score: number;
}

/** Whether a service's client group may take a person of this gender. */
export function groupFits(group: ClientGroup, gender: string): boolean {
  switch (group) {
    case 'women': return gender === 'female';
    case 'men': return gender === 'male';
    // Families and open services take anyone; a family place is for a person with dependants, the allocator's judgement.
    case 'families':
    case 'anyone': return true;
  }
}

function typesFit(serviceTypes: string[], personTypes: string[]): boolean {
  const known = personTypes.filter((t) => t !== 'not_specified');
  // A person whose exploitation is not known can go to any service.
  return known.length === 0 || known.some((t) => serviceTypes.includes(t));
}

export function proposeServices<S extends ServiceOffer>(needs: SupportNeeds, services: S[]): Match<S>[] {
  const urgent = needs.supportNeeds.includes('urgent_safety');
  const wantsKind: ServiceKind | null = urgent || needs.supportNeeds.includes('accommodation') ? 'accommodation' : needs.supportNeeds.includes('outreach') ? 'outreach' : null;
  const matches: Match<S>[] = [];
  for (const service of services) {
    const freePlaces = service.places - service.placesTaken;
    if (!service.active || freePlaces <= 0) continue;
    if (!groupFits(service.clientGroup, needs.gender)) continue;
    if (!typesFit(service.exploitationTypes, needs.exploitationTypes)) continue;
    // Urgent safety: only a safe place to stay will do.
    if (urgent && service.kind !== 'accommodation') continue;
    const inRegion = needs.region !== null && service.regions.includes(needs.region);
    const speaksLanguage = needs.languages.some((l) => service.languages.includes(l));
    const kindAsked = wantsKind === service.kind;
    const score = (inRegion ? 8 : 0) + (speaksLanguage ? 4 : 0) + (kindAsked ? 2 : 0) + (service.clientGroup !== 'families' ? 1 : 0);
    matches.push({ service, freePlaces, inRegion, speaksLanguage, kindAsked, score });
  }
  return matches.sort((a, b) => b.score - a.score || b.freePlaces - a.freePlaces || a.service.id.localeCompare(b.service.id));
}
