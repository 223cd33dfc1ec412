import { toFormErrors, type FormErrors } from '../platform/http/forms.js';
import type { Person, PersonRole } from './schema.js';

/**
 * The forms' fields and the schemas' shape differ: lists are typed one a line in a text area, and people
 * are described in one box for each role. These turn a posted form into the schema's input, and the
 * schema's problems back into the form's fields.
 */

/** A text area's lines, or a repeated field's values, trimmed, blanks left out. */
export function linesOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/\r?\n/)).map((v) => v.trim()).filter(Boolean);
}

/** Checkboxes post nothing, one value, or several. */
export function checkedValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** One box per role on the forms. */
export const peopleBoxes: { field: string; role: PersonRole }[] = [
  { field: 'suspects', role: 'suspect' },
  { field: 'possibleVictims', role: 'possible_victim' },
  { field: 'otherPeople', role: 'other' },
];

export interface FormInput {
  input: Record<string, unknown>;
  /** The form field each entry of `people` came from, to put its problems beside the right box. */
  peopleFields: string[];
}

export function reportContentFromForm(body: Record<string, unknown>): FormInput {
  const people: Person[] = [];
  const peopleFields: string[] = [];
  for (const box of peopleBoxes) {
    const description = text(body[box.field]).trim();
    if (description) {
      people.push({ role: box.role, description });
      peopleFields.push(box.field);
    }
  }
  const policeForceCode = text(body.policeForceCode).trim();
  return {
    input: {
      what: text(body.what),
      places: linesOf(body.places),
      businesses: linesOf(body.businesses),
      vehicles: linesOf(body.vehicles),
      phoneNumbers: linesOf(body.phoneNumbers),
      people,
      exploitationTypes: checkedValues(body.exploitationTypes),
      ...(policeForceCode ? { policeForceCode } : {}),
    },
    peopleFields,
  };
}

export function agencyReportFromForm(body: Record<string, unknown>): FormInput {
  const content = reportContentFromForm(body);
  const graded = (field: string) => text(body[field]) || undefined;
  return {
    input: {
      ...content.input,
      grading: { source: graded('sourceEvaluation'), intelligence: graded('intelligenceAssessment'), handling: graded('handlingCode') },
      referralReferences: linesOf(body.referralReferences).map((r) => r.toUpperCase()),
    },
    peopleFields: content.peopleFields,
  };
}

const gradingFields: Record<string, string> = { source: 'sourceEvaluation', intelligence: 'intelligenceAssessment', handling: 'handlingCode' };

/** The form field a problem belongs to: `people.1.description` to its box, `grading.source` to its radios. */
export function formFieldOf(path: string, peopleFields: string[]): string {
  const [head = 'what', second = ''] = path.split('.');
  if (head === 'people') return peopleFields[Number(second)] ?? peopleBoxes[0]!.field;
  if (head === 'grading') return gradingFields[second] ?? 'sourceEvaluation';
  return head;
}

export function reportFormErrors(problems: { field: string; message: string }[], peopleFields: string[]): FormErrors {
  return toFormErrors(problems.map((p) => ({ field: formFieldOf(p.field, peopleFields), message: p.message })));
}
