import { z } from 'zod';
import { nations, organisationTypes } from './kinds.js';
import { competentAuthorityCodes } from '../referrals/routing.js';

const checkbox = z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean());
const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(20).optional());

export const organisationInput = z.object({
  name: z.string({ error: 'Enter the organisation name' }).trim().min(1, 'Enter the organisation name').max(200, 'Name must be 200 characters or fewer'),
  type: z.enum(organisationTypes, { error: 'Select the type of organisation' }),
  nation: z.enum(nations, { error: 'Select the nation' }),
  areaCode: optionalText,
  designatedFirstResponder: checkbox,
  providesSupport: checkbox,
  primeContractorId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Select a prime contractor from the list' }).optional()),
  active: checkbox,
  /** Set on the organisation that acts as a Competent Authority, so routing can find it. */
  competentAuthorityCode: z.preprocess((v) => (v === '' ? undefined : v), z.enum(competentAuthorityCodes, { error: 'Select a Competent Authority from the list' }).optional()),
});
export type OrganisationInput = z.infer<typeof organisationInput>;
