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
  const [d, m, y] = ['day', 'month', 'year'].map((p) => String(b[`${field}-${p}`] ?? '').trim());
  if (d || m || y) b[field] = /^\d{1,2}$/.test(d!) && /^\d{1,2}$/.test(m!) && /^\d{4}$/.test(y!) ? validDate(y!, m!, d!) : 'invalid';
  return b;
}

function validDate(y: string, m: string, d: string): string {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : 'invalid';
}
