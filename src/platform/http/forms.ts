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
