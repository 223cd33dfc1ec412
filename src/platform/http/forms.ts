import type { z } from 'zod';

/** Errors in the shape GOV.UK's error summary and field macros take. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Validates a submitted form with the same zod schema the API and import use. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: toFormErrors(result.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }))) };
}

export function toFormErrors(problems: { field: string; message: string }[]): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const { field, message } of problems) {
    if (fields[field]) continue; // the first problem with a field is the one to fix first
    fields[field] = { text: message };
    summary.push({ text: message, href: `#${field}` });
  }
  return { summary, fields };
}

/** GOV.UK date inputs post day, month and year separately; the schemas take one YYYY-MM-DD value. */
export function withDate(body: unknown, field: string): Record<string, unknown> {
  const b = { ...(body as Record<string, unknown> ?? {}) };
  const read = readDateInput(b, field, 'The date');
  if (read.iso || read.problem) b[field] = read.iso ?? 'invalid';
  return b;
}

/**
 * A GOV.UK date input (day, month and year boxes) read with the design system's messages: all blank
 * is "not given"; a missing box is named; otherwise it must be a real date.
 */
export function readDateInput(values: Record<string, unknown>, prefix: string, what: string): { iso?: string; problem?: { field: string; message: string } } {
  const box = (part: string) => {
    const value = values[`${prefix}-${part}`];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.trim() : '';
  };
  const [day, month, year] = [box('day'), box('month'), box('year')];
  if (!day && !month && !year) return {};
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => ![day, month, year][i]);
  if (missing.length > 0) return { problem: { field: `${prefix}-${missing[0]}`, message: `${what} must include a ${missing.join(' and ')}` } };
  if (!/^\d{4}$/.test(year)) return { problem: { field: `${prefix}-year`, message: 'Year must include 4 numbers' } };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { problem: { field: `${prefix}-day`, message: `${what} must be a real date` } };
  }
  return { iso };
}
