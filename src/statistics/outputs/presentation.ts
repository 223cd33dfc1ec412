import { nationLabels, type Nation } from '../../organisations/kinds.js';

export const timelinessTitle = 'Table 10: days from referral to the first reasonable grounds and conclusive grounds decisions';

export function areaLabel(area: Nation | 'uk'): string {
  return area === 'uk' ? 'United Kingdom' : nationLabels[area];
}
