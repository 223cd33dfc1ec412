import { z } from 'zod';
import { nations } from '../organisations/kinds.js';

/** The reference lists. Each is loaded from reference-data/<list>.csv. */
export const referenceLists = ['nationality', 'language', 'police_force', 'local_authority', 'uk_place'] as const;
export type ReferenceList = (typeof referenceLists)[number];
export const referenceList = z.enum(referenceLists);

export const referenceListLabels: Record<ReferenceList, { name: string; item: string; description: string }> = {
  nationality: { name: 'Nationalities', item: 'nationality', description: 'Countries by ISO 3166-1 alpha-2 code.' },
  language: { name: 'Languages', item: 'language', description: 'Languages by ISO 639-1 code, and British Sign Language (ISO 639-3).' },
  police_force: { name: 'Police forces', item: 'police force', description: 'UK territorial police forces by ONS police force area code, and British Transport Police.' },
  local_authority: { name: 'Local authorities', item: 'local authority', description: "Authorities with children's services duties, by ONS code; Northern Ireland's Health and Social Care Trusts." },
  uk_place: { name: 'UK towns and cities', item: 'town or city', description: 'Towns and cities, each with the police force that covers it.' },
};

/** What a code looks like in each list: checked in the data files and in the add form alike. */
export const codePatterns: Record<ReferenceList, { pattern: RegExp; hint: string }> = {
  nationality: { pattern: /^[A-Z]{2}$/, hint: 'Two capital letters, the ISO 3166-1 alpha-2 code, for example GB' },
  language: { pattern: /^[a-z]{2,3}$/, hint: 'Two or three lower-case letters, the ISO 639 code, for example en or bfi' },
  police_force: { pattern: /^[A-Za-z0-9-]{2,40}$/, hint: 'The ONS police force area code, for example E23000001' },
  local_authority: { pattern: /^[A-Za-z0-9-]{2,40}$/, hint: 'The ONS code, for example E09000017' },
  uk_place: { pattern: /^[A-Za-z0-9-]{2,40}$/, hint: 'Letters, numbers and hyphens, for example sheffield' },
};

/** Lists whose items belong to one nation, and the list their parent code points into. */
export const listsWithNation: readonly ReferenceList[] = ['police_force', 'local_authority', 'uk_place'];
export const parentListOf: Partial<Record<ReferenceList, ReferenceList>> = { local_authority: 'police_force', uk_place: 'police_force' };

/** "new" would be taken for the add page's address. */
const reservedCodes = new Set(['new']);

export function isValidCode(list: ReferenceList, code: string): boolean {
  return codePatterns[list].pattern.test(code) && !reservedCodes.has(code);
}

const checkbox = z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean());
const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const sortOrderMessage = 'Enter the sort order as a whole number between -9999 and 9999, like 0 or 10';

const label = z.string({ error: 'Enter the label' }).trim().min(1, 'Enter the label').max(200, 'Label must be 200 characters or fewer');
const sortOrder = z.preprocess((v) => {
  const value = blankAsUndefined(v);
  return value === undefined ? 0 : typeof value === 'string' ? Number(value.trim()) : value;
}, z.number({ error: sortOrderMessage }).int(sortOrderMessage).min(-9999, sortOrderMessage).max(9999, sortOrderMessage));

// Fields in the order the form shows them, so the error summary lists problems in that order too.
export const itemInput = z.object({ label, sortOrder, active: checkbox });
export type ItemInput = z.infer<typeof itemInput>;

export const itemUpdateInput = itemInput.extend({
  version: z.coerce.number({ error: 'This form is out of date: reload the page and make your change again' }).int().positive(),
});
export type ItemUpdateInput = z.infer<typeof itemUpdateInput>;

/** A new item: its code must have the list's format; nation and parent only where the list has them. */
export function newItemInput(list: ReferenceList) {
  const { hint } = codePatterns[list];
  return z.object({
    code: z.string({ error: 'Enter the code' }).trim().min(1, 'Enter the code')
      .refine((code) => codePatterns[list].pattern.test(code), `Enter a code in the right format: ${hint.charAt(0).toLowerCase()}${hint.slice(1)}`)
      .refine((code) => !reservedCodes.has(code), 'The code “new” cannot be used: it names the page for adding an item'),
    label,
    nation: z.preprocess(blankAsUndefined, z.enum(nations, { error: 'Select a nation from the list' }).optional()),
    parentCode: z.preprocess(blankAsUndefined, z.string().trim().max(40).optional()),
    sortOrder,
    active: checkbox,
  });
}
export type NewItemInput = z.infer<ReturnType<typeof newItemInput>>;
