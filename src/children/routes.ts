import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { can } from '../platform/auth/policy.js';
import type { Role } from '../platform/auth/roles.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm, readDateInput, toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { statusTag } from '../referrals/following/status.js';
import { genders } from '../referrals/vocabulary.js';
import { checkSafeguarding, entrySchema, guardianSchema, placementSchema, planSchema, versionSchema, type FieldProblem, type SafeguardingUpdate } from './schema.js';
import { ukDate } from '../platform/working-days.js';
import { SafeguardingValidationError } from './service.js';
import { multiAgencyTopics, placementTypes, planStatuses } from './vocabulary.js';
import { childrenApiRoutes } from './api-routes.js';

const PAGE = 50;
const referenceParams = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/) });

/** The parts of the safeguarding record, each edited on a page of its own. */
const parts = {
  plan: { schema: planSchema, dates: { agreedOn: 'The date the plan was agreed' }, title: 'Safeguarding plan', flash: 'Safeguarding plan recorded' },
  placement: { schema: placementSchema, dates: { startedOn: 'The date the placement started' }, title: 'Placement', flash: 'Placement recorded' },
  guardian: { schema: guardianSchema, dates: { appointedOn: 'The date the guardian was appointed' }, title: 'Independent child trafficking guardian', flash: 'Guardian recorded' },
} as const;
type Part = keyof typeof parts;

/**
 * Children's services' pages: the children referred in the local authority's area, a child's page, the
 * safeguarding record's parts, and the multi-agency record shared by every agency involved with a child.
 */
export async function childrenRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/children', { config: requires('children:list') }, async (request, reply) => {
    const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) }).parse(request.query ?? {});
    const { children, more } = await services.children.list(request.principal!, { limit: PAGE, offset: (query.page - 1) * PAGE }, auditContext(request));
    return reply.render('children/views/list.njk', {
      children: children.map((c) => ({ ...c, tag: statusTag(c.status), planLabel: c.planStatus ? planStatuses[c.planStatus as keyof typeof planStatuses] : null })),
      page: query.page, more,
    });
  });

  app.get('/children/:reference', { config: requires('children:view') }, async (request, reply) => {
    const { reference } = parse(request.params);
    return renderChild(request, reply, reference);
  });

  for (const part of Object.keys(parts) as Part[]) {
    app.get(`/children/:reference/${part}`, { config: requires('children:safeguard') }, async (request, reply) => {
      const { reference } = parse(request.params);
      return renderPart(request, reply, reference, part);
    });
    app.post(`/children/:reference/${part}`, { config: requires('children:safeguard') }, async (request, reply) => {
      const { reference } = parse(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { values, problems } = readDates(body, parts[part].dates);
      const parsed = parseForm(parts[part].schema, values);
      const version = versionSchema.safeParse(body.version);
      if (!parsed.ok || problems.length > 0 || !version.success) {
        // The rules across fields too, so that every problem is shown at once.
        const across = checkSafeguarding({ version: 0, [part]: values } as SafeguardingUpdate, ukDate(services.clock.now())).map((p) => ({ ...p, field: p.field.replace(`${part}.`, '') }));
        if (!version.success) across.push({ field: 'version', message: 'The page was out of date: reload it and make your change again' });
        const errors = mergeErrors([...problems, ...across], parsed.ok ? undefined : parsed.errors, parts[part].dates, Object.keys(parts[part].schema.shape));
        return renderPart(request, reply.code(400), reference, part, { errors, values: body });
      }
      try {
        await services.children.record(request.principal!, reference, { version: version.data, [part]: parsed.value }, auditContext(request));
      } catch (error) {
        if (error instanceof SafeguardingValidationError) {
          const errors = mergeErrors(error.problems.map((p) => ({ ...p, field: p.field.replace(`${part}.`, '') })), undefined, parts[part].dates, Object.keys(parts[part].schema.shape));
          return renderPart(request, reply.code(400), reference, part, { errors, values: body });
        }
        if (error instanceof StaleVersionError) {
          return renderPart(request, reply.code(409), reference, part, { errors: toFormErrors([{ field: 'version', message: error.message }]), values: body, stale: true });
        }
        throw error;
      }
      request.session.flash = parts[part].flash;
      return reply.redirect(`/children/${reference}`, 303);
    });
  }

  app.get('/children/:reference/multi-agency', { config: requires('multi-agency:view') }, async (request, reply) => {
    const { reference } = parse(request.params);
    return renderMultiAgency(request, reply, reference);
  });

  app.post('/children/:reference/multi-agency', { config: requires('multi-agency:add') }, async (request, reply) => {
    const { reference } = parse(request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const dates = { askedOn: 'The date the question was asked' };
    const { values, problems } = readDates(body, dates);
    const parsed = parseForm(entrySchema, values);
    if (!parsed.ok || problems.length > 0) {
      return renderMultiAgency(request, reply.code(400), reference, { errors: mergeErrors(problems, parsed.ok ? undefined : parsed.errors, dates, Object.keys(entrySchema.shape)), values: body });
    }
    try {
      await services.multiAgency.add(request.principal!, reference, parsed.value, auditContext(request));
    } catch (error) {
      if (error instanceof SafeguardingValidationError) return renderMultiAgency(request, reply.code(400), reference, { errors: mergeErrors(error.problems, undefined, dates, Object.keys(entrySchema.shape)), values: body });
      throw error;
    }
    request.session.flash = 'Added to the multi-agency record';
    return reply.redirect(`/children/${reference}/multi-agency`, 303);
  });

  await app.register(childrenApiRoutes, { services });

  async function renderChild(request: FastifyRequest, reply: FastifyReply, reference: string) {
    const child = await services.children.open(request.principal!, reference, auditContext(request));
    const labels = await labelsFor(child.nationalities ?? [], child.languages ?? [], child.currentLocation?.place ?? null);
    return reply.render('children/views/child.njk', {
      child, tag: statusTag(String(child.status)), ...labels,
      whereReferred: [labels.placeLabel, child.currentLocation?.notes].filter(Boolean).join(': '),
      genderLabel: genders[child.gender as keyof typeof genders]?.label ?? child.gender,
      planStatuses, placementTypes,
      mayEdit: can(request.principal!.role, 'children:safeguard'),
    });
  }

  async function renderPart(request: FastifyRequest, reply: FastifyReply, reference: string, part: Part, extra: { errors?: FormErrors; values?: Record<string, unknown>; stale?: boolean } = {}) {
    const child = await services.children.open(request.principal!, reference, auditContext(request));
    const record = child.safeguarding!;
    const current: Record<string, unknown> = part === 'plan' ? { ...record.plan } : part === 'placement' ? { ...record.placement } : { ...record.guardian };
    // After a stale version the page shows what the other person saved, with its new version.
    const values = extra.values && !extra.stale ? extra.values : { ...current, ...dateBoxes(current, parts[part].dates) };
    return reply.render('children/views/safeguarding-form.njk', {
      child, part, title: parts[part].title, version: extra.values && !extra.stale ? extra.values.version : record.version,
      values, errors: extra.errors, stale: extra.stale, planStatuses, placementTypes,
    });
  }

  async function renderMultiAgency(request: FastifyRequest, reply: FastifyReply, reference: string, extra: { errors?: FormErrors; values?: Record<string, unknown> } = {}) {
    const record = await services.multiAgency.open(request.principal!, reference, auditContext(request));
    const topics = (Object.keys(multiAgencyTopics) as (keyof typeof multiAgencyTopics)[])
      .map((code) => ({ code, label: multiAgencyTopics[code], entries: record.entries.filter((e) => e.topic === code) }));
    const principal = request.principal!;
    return reply.render('children/views/multi-agency.njk', {
      record, topics, multiAgencyTopics, values: extra.values ?? {}, errors: extra.errors,
      mayAdd: can(principal.role, 'multi-agency:add'),
      backLink: backLinkFor(principal.role, reference),
      agencyKinds: { referrer: 'Referred the child', competent_authority: 'Competent Authority', local_authority: 'Child’s local authority', police: 'Police force of the area', support_provider: 'Support provider' },
    });
  }

  async function labelsFor(nationalities: string[], languages: string[], place: string | null) {
    const label = (list: 'nationality' | 'language' | 'uk_place', code: string) => services.referenceData.label(list, code).then((l) => l ?? code);
    return {
      nationalityLabels: await Promise.all(nationalities.map((c) => label('nationality', c))),
      languageLabels: await Promise.all(languages.map((c) => label('language', c))),
      placeLabel: place ? await label('uk_place', place) : null,
    };
  }
}

/** Back to where each role follows the child: its own page of the case. */
function backLinkFor(role: Role, reference: string): string {
  if (can(role, 'children:view')) return `/children/${reference}`;
  if (can(role, 'casework:view')) return `/casework/cases/${reference}`;
  if (can(role, 'support:view-case')) return `/support/cases/${reference}`;
  return `/referrals/${reference}`;
}

function parse(params: unknown): { reference: string } {
  const parsed = referenceParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No child with this reference');
  return parsed.data;
}

/** Reads each GOV.UK date input into one YYYY-MM-DD value, with the design system's messages for a partial or unreal date. */
function readDates(body: Record<string, unknown>, dates: Record<string, string>) {
  const values: Record<string, unknown> = { ...body };
  const problems: FieldProblem[] = [];
  for (const [field, what] of Object.entries(dates)) {
    const read = readDateInput(body, field, what);
    values[field] = read.iso;
    if (read.problem) problems.push(read.problem);
  }
  return { values, problems };
}

/** Date problems and the schema's in one error summary, one message a field, in the order of the page; a date's link goes to its first box to correct. */
function mergeErrors(problems: FieldProblem[], errors: FormErrors | undefined, dates: Record<string, string>, order: readonly string[]): FormErrors {
  const all = [...problems, ...(errors?.summary ?? []).map((s) => ({ field: s.href.slice(1), message: s.text }))];
  const merged: FormErrors = { summary: [], fields: {} };
  for (const p of all) {
    const date = Object.keys(dates).find((f) => p.field === f || p.field.startsWith(`${f}-`));
    const key = date ?? p.field;
    if (merged.fields[key]) continue;
    merged.fields[key] = { text: p.message };
    merged.summary.push({ text: p.message, href: `#${date && p.field === date ? `${date}-day` : p.field}` });
  }
  const position = (href: string) => {
    const i = order.findIndex((f) => href === `#${f}` || href.startsWith(`#${f}-`));
    return i === -1 ? order.length : i;
  };
  merged.summary.sort((a, b) => position(a.href) - position(b.href));
  return merged;
}

/** A stored date as the day, month and year boxes of its date input. */
function dateBoxes(values: Record<string, unknown>, dates: Record<string, string>): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const field of Object.keys(dates)) {
    const iso = values[field];
    if (typeof iso !== 'string') continue;
    const [year, month, day] = iso.split('-');
    Object.assign(boxes, { [`${field}-day`]: String(Number(day)), [`${field}-month`]: String(Number(month)), [`${field}-year`]: year });
  }
  return boxes;
}
