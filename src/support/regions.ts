import type { Nation } from '../organisations/kinds.js';

/**
 * Where support is given: the nine English regions, Wales, Scotland and Northern Ireland. A referral's
 * police force area (or else its nation) gives the region proposed by default; the allocator may choose
 * another, since a person's safety often means a place away from where they were exploited.
 */
export const regions = {
  north_east: { label: 'North East', nation: 'england' },
  north_west: { label: 'North West', nation: 'england' },
  yorkshire_humber: { label: 'Yorkshire and the Humber', nation: 'england' },
  east_midlands: { label: 'East Midlands', nation: 'england' },
  west_midlands: { label: 'West Midlands', nation: 'england' },
  east_of_england: { label: 'East of England', nation: 'england' },
  london: { label: 'London', nation: 'england' },
  south_east: { label: 'South East', nation: 'england' },
  south_west: { label: 'South West', nation: 'england' },
  wales: { label: 'Wales', nation: 'wales' },
  scotland: { label: 'Scotland', nation: 'scotland' },
  northern_ireland: { label: 'Northern Ireland', nation: 'northern_ireland' },
} as const satisfies Record<string, { label: string; nation: Nation }>;

export type Region = keyof typeof regions;
export const regionCodes = Object.keys(regions) as [Region, ...Region[]];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.hasOwn(regions, value);
}

export function regionLabel(code: string): string {
  return isRegion(code) ? regions[code].label : code;
}

/** The nation a region is in: its support rules are the ones that apply to support given there. */
export function nationOfRegion(region: Region): Nation {
  return regions[region].nation;
}

// England's territorial police forces (ONS codes, as in reference-data/police_force.csv) by region.
const englishForces: Record<Exclude<Region, 'wales' | 'scotland' | 'northern_ireland'>, number[]> = {
  london: [1, 34],
  north_west: [2, 3, 4, 5, 6],
  north_east: [7, 8, 13],
  yorkshire_humber: [9, 10, 11, 12],
  west_midlands: [14, 15, 16, 17],
  east_midlands: [18, 19, 20, 21, 22],
  east_of_england: [23, 24, 25, 26, 27, 28],
  south_east: [29, 30, 31, 32, 33],
  south_west: [35, 36, 37, 38, 39],
};

const regionByForce = new Map<string, Region>(
  Object.entries(englishForces).flatMap(([region, numbers]) => numbers.map((n) => [`E230000${String(n).padStart(2, '0')}`, region as Region] as const)),
);

const regionByNation: Partial<Record<Nation, Region>> = { wales: 'wales', scotland: 'scotland', northern_ireland: 'northern_ireland' };

/**
 * The default region for a referral: from its police force area; a Welsh, Scottish or Northern Irish
 * force (or none, or the British Transport Police) gives the nation's region; in England without a
 * force there is no default.
 */
export function defaultRegion(policeForceCode: string | null | undefined, nation: string): Region | null {
  if (policeForceCode) {
    const english = regionByForce.get(policeForceCode);
    if (english) return english;
    if (policeForceCode.startsWith('W')) return 'wales';
    if (policeForceCode.startsWith('S')) return 'scotland';
    if (policeForceCode.startsWith('N')) return 'northern_ireland';
  }
  return regionByNation[nation as Nation] ?? null;
}
