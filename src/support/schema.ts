import { z } from 'zod';
import { regionCodes } from './regions.js';

/** Input for victim support, shared by the pages and the API. */
const isoDate = z.iso.date({ error: 'Enter a real date' });
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const yesNo = z.enum(['yes', 'no'], { error: 'Select yes or no' });

export const endReasons = {
  support_period_over: 'The support period and move-on ended',
  moved_on: 'Moved on to other support or accommodation',
  returned_home: 'Returned home',
  left: 'Chose to leave',
  missing: 'Went missing',
  transferred: 'Transferred to another provider',
  did_not_arrive: 'Did not arrive',
  other: 'Another reason',
} as const;
export const endReasonCodes = Object.keys(endReasons) as [keyof typeof endReasons, ...(keyof typeof endReasons)[]];

export const moveOnOptions = {
  own_tenancy: 'Own tenancy',
  local_authority_housing: 'Local authority housing',
  asylum_accommodation: 'Asylum accommodation',
  family_or_friends: 'Family or friends',
  returned_home: 'Returned to their home country',
  other: 'Somewhere else',
  not_known: 'Not known',
} as const;
export const moveOnCodes = Object.keys(moveOnOptions) as [keyof typeof moveOnOptions, ...(keyof typeof moveOnOptions)[]];

export const allocationSchema = z.object({
  reference: z.string().regex(/^NRM-\d{4}-\d{6}$/, 'Not an NRM referral reference'),
  serviceId: z.uuid({ error: 'Select a service' }),
  narrativeShared: z.boolean({ error: 'Select whether the person agreed to share their account with the provider' }),
});

export const allocationForm = z.object({
  serviceId: z.uuid({ error: 'Select a service' }),
  narrativeShared: z.enum(['yes', 'no'], { error: 'Select whether the person agreed to share their account with the provider' }),
});

export const declineSchema = z.object({
  reason: z.string({ error: 'Enter why you cannot take this person' }).trim().min(1, 'Enter why you cannot take this person').max(2000, 'Must be 2000 characters or fewer'),
});

export const startEpisodeSchema = z.object({
  startedOn: isoDate,
});

export const endEpisodeSchema = z.object({
  endedOn: isoDate,
  endReason: z.enum(endReasonCodes, { error: 'Select why the support ended' }),
  moveOn: z.enum(moveOnCodes, { error: 'Select where the person moved on to' }),
  version: z.coerce.number().int().min(1),
});

export const serviceEditSchema = z.object({
  places: z.coerce.number({ error: 'Enter the number of places' }).int('Enter a whole number').min(0, 'Enter 0 or more').max(500, 'Enter 500 or fewer'),
  languages: z.preprocess((v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
    z.array(z.string().regex(/^[a-z]{2,3}$/, 'Enter languages as ISO 639 codes, like en, ro, vi')).max(20)),
  active: yesNo.transform((v) => v === 'yes'),
  version: z.coerce.number().int().min(1),
});

export const regionQuery = z.object({ region: z.preprocess(blankToUndefined, z.enum(regionCodes).optional()) });
