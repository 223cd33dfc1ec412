import { z } from 'zod';
import { nations } from '../organisations/kinds.js';
import { withDate } from '../platform/http/forms.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The period and area of a release, from the page's date inputs or the CLI's options. */
export const releaseRequestSchema = z.object({
  from: z.string({ error: 'Enter the first day of the period' }).regex(isoDate, 'Enter the first day of the period as a real date'),
  to: z.string({ error: 'Enter the last day of the period' }).regex(isoDate, 'Enter the last day of the period as a real date'),
  nation: z.preprocess((v) => (v === '' || v === 'uk' ? undefined : v), z.enum(nations, { error: 'Select a UK nation' }).optional()),
}).refine((r) => r.from <= r.to, { message: 'The start of the period must be on or before its end', path: ['from'] });

/** The page posts day, month and year boxes; the schema takes ISO dates. */
export function releaseRequestFrom(body: unknown): Record<string, unknown> {
  return withDate(withDate(body, 'from'), 'to');
}
