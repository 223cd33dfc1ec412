import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { parseForm, toFormErrors, withDate, type FormErrors } from '../platform/http/forms.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { exploitationTypes, genders, supportNeeds } from '../referrals/vocabulary.js';
import { regionCodes, regionLabel, regions } from './regions.js';
import { SupportRefusedError } from './errors.js';
import { allocationForm, declineSchema, endEpisodeSchema, endReasons, moveOnOptions, regionQuery, serviceEditSchema, startEpisodeSchema } from './schema.js';
import { supportApiRoutes } from './api-routes.js';
import { RESPONSE_HOURS } from './allocation.js';

const referenceParams = z.object({ reference: z.string().regex(/^NRM-\d{4}-\d{6}$/) });
const idParams = z.object({ id: z.uuid() });

function parse<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('Not found');
  return parsed.data;
}

const label = (vocabulary: Record<string, { label: string }>) => (code: string) => vocabulary[code]?.label ?? code;
const labels = {
  gender: label(genders), exploitationType: label(exploitationTypes), supportNeed: label(supportNeeds), region: regionLabel,
  endReason: (code: string) => endReasons[code as keyof typeof endReasons] ?? code, moveOn: (code: string) => moveOnOptions[code as keyof typeof moveOnOptions] ?? code,
  clientGroup: (code: string) => ({ women: 'Women', men: 'Men', families: 'Families', anyone: 'Anyone' })[code] ?? code,
  kind: (code: string) => (code === 'accommodation' ? 'Safe accommodation' : 'Outreach'),
};

/** The support pages: services and occupancy, the allocator's pages, the provider's allocations and cases. */
export async function supportRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const support = services.support;
  const ctx = auditContext;

  /** A rule's refusal as a page, re-rendered with the message (another provider's record is the error pages' 403). */
  async function guard(reply: FastifyReply, work: () => Promise<unknown>,
    onRefusal: (errors: FormErrors, status: number) => Promise<unknown> = async (errors, status) => reply.code(status).render('platform/views/errors/400.njk', { message: errors.summary[0]?.text })) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SupportRefusedError) return onRefusal(toFormErrors([{ field: error.field ?? 'form', message: error.message }]), error.status);
      if (error instanceof StaleVersionError) return onRefusal(toFormErrors([{ field: 'version', message: error.message }]), 409);
      throw error;
    }
  }

  // Services and occupancy.

  app.get('/support/services', { config: requires('support:services') }, async (request, reply) => {
    const providers = await support.catalogue.byProvider(request.principal!);
    return reply.render('support/views/services.njk', { providers, labels });
  });

  async function renderServiceEdit(request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) {
    const service = await support.catalogue.find(request.principal!, id, ctx(request));
    return reply.render('support/views/service-edit.njk', { service, labels, values: { places: service.places, languages: service.languages.join(', '), active: service.active ? 'yes' : 'no' }, ...extra });
  }

  app.get('/support/services/:id', { config: requires('support:manage-services') }, async (request, reply) => {
    const { id } = parse(idParams, request.params);
    return guard(reply, () => renderServiceEdit(request, reply, id));
  });

  app.post('/support/services/:id', { config: requires('support:manage-services') }, async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const rerender = (errors: FormErrors, status: number) => guard(reply, () => renderServiceEdit(request, reply.code(status), id, { errors, values: body }));
    const parsed = parseForm(serviceEditSchema, body);
    if (!parsed.ok) return rerender(parsed.errors, 400);
    return guard(reply, async () => {
      const updated = await support.catalogue.update(request.principal!, id, parsed.value, ctx(request));
      request.session.flash = `${updated.name}: changes saved`;
      return reply.redirect('/support/services', 303);
    }, rerender);
  });

  // The allocator (the prime contractor).

  app.get('/support/allocate', { config: requires('support:allocate') }, async (request, reply) => {
    return guard(reply, async () => {
      const waiting = await support.allocations.waiting(request.principal!, ctx(request));
      return reply.render('support/views/waiting.njk', { waiting, labels });
    });
  });

  async function renderProposals(request: FastifyRequest, reply: FastifyReply, reference: string, region: z.infer<typeof regionQuery>['region'], extra: Record<string, unknown> = {}) {
    const proposal = await support.allocations.proposals(request.principal!, reference, region, ctx(request));
    const regionItems = [{ value: '', text: 'Any region' }, ...regionCodes.map((code) => ({ value: code, text: regions[code].label, selected: code === proposal.region }))];
    const chosen = (extra.values as Record<string, unknown> | undefined)?.serviceId;
    const serviceItems = proposal.matches.map((m) => ({
      value: m.service.id, text: m.service.name, checked: chosen === m.service.id,
      hint: { text: [m.service.providerName, labels.kind(m.service.kind), `${m.freePlaces} ${m.freePlaces === 1 ? 'place' : 'places'} free`,
        ...(m.inRegion ? ['in the region'] : []), ...(m.speaksLanguage ? ['speaks the person’s language'] : [])].join(' · ') },
    }));
    return reply.render('support/views/allocate.njk', { proposal, reference, regionItems, serviceItems, labels, responseHours: RESPONSE_HOURS, ...extra });
  }

  app.get('/support/allocate/:reference', { config: requires('support:allocate') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    const query = regionQuery.safeParse(request.query);
    return guard(reply, () => renderProposals(request, reply, reference, query.success ? query.data.region : undefined));
  });

  app.post('/support/allocate/:reference', { config: requires('support:allocate') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const region = regionQuery.safeParse({ region: body.region });
    const rerender = (errors: FormErrors, status: number) =>
      guard(reply, () => renderProposals(request, reply.code(status), reference, region.success ? region.data.region : undefined, { errors, values: body }));
    const parsed = parseForm(allocationForm, body);
    if (!parsed.ok) return rerender(parsed.errors, 400);
    return guard(reply, async () => {
      await support.allocations.allocate(request.principal!, { reference, serviceId: parsed.value.serviceId, narrativeShared: parsed.value.narrativeShared === 'yes' }, ctx(request));
      request.session.flash = `Place offered for ${reference}: the provider has ${RESPONSE_HOURS} hours to answer`;
      return reply.redirect('/support/allocate', 303);
    }, rerender);
  });

  // The provider's allocations, episodes and cases.

  app.get('/support/allocations', { config: requires('support:respond') }, async (request, reply) => {
    const principal = request.principal!;
    const [allocations, episodes, allocator] = await Promise.all([
      support.allocations.forProvider(principal), support.episodes.forProvider(principal), support.allocations.isAllocator(principal),
    ]);
    return reply.render('support/views/allocations.njk', {
      offers: allocations.filter((a) => a.allocation.status === 'offered'),
      accepted: allocations.filter((a) => a.allocation.status === 'accepted' && !a.episode),
      episodes, allocator, labels,
    });
  });

  async function renderAllocation(request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) {
    const row = await support.allocations.forProviderOne(request.principal!, id, ctx(request));
    const values = (extra.values ?? {}) as Record<string, unknown>;
    const endReasonItems = Object.entries(endReasons).map(([value, text]) => ({ value, text, checked: values.endReason === value }));
    const moveOnItems = Object.entries(moveOnOptions).map(([value, text]) => ({ value, text, checked: values.moveOn === value }));
    // A date's error links to its first box.
    const errors = extra.errors as FormErrors | undefined;
    if (errors) errors.summary = errors.summary.map((e) => (['#startedOn', '#endedOn'].includes(e.href) ? { ...e, href: `${e.href}-day` } : e));
    return reply.render('support/views/allocation.njk', { row, labels, endReasonItems, moveOnItems, ...extra });
  }

  app.get('/support/allocations/:id', { config: requires('support:respond') }, async (request, reply) => {
    const { id } = parse(idParams, request.params);
    return guard(reply, () => renderAllocation(request, reply, id));
  });

  /** A form posted from the allocation page: a refusal or a validation problem re-renders it with the message by the form. */
  function allocationStep<S extends z.ZodType>(path: string, action: 'support:respond' | 'support:episodes', form: string, schema: S,
    run: (value: z.infer<S>, id: string, request: FastifyRequest) => Promise<string>, prepare: (body: unknown) => unknown = (b) => b) {
    app.post(`/support/allocations/:id${path}`, { config: requires(action) }, async (request, reply) => {
      const { id } = parse(idParams, request.params);
      const body = prepare(request.body) as Record<string, unknown>;
      const rerender = (errors: FormErrors, status: number) => guard(reply, () => renderAllocation(request, reply.code(status), id, { errors, form, values: body }));
      const parsed = parseForm(schema, body);
      if (!parsed.ok) return rerender(parsed.errors, 400);
      return guard(reply, async () => {
        request.session.flash = await run(parsed.value, id, request);
        return reply.redirect(`/support/allocations/${id}`, 303);
      }, rerender);
    });
  }

  allocationStep('/accept', 'support:respond', 'accept', z.object({}), async (_v, id, req) => {
    await support.allocations.respond(req.principal!, id, { accept: true }, ctx(req));
    return 'Allocation accepted';
  });
  allocationStep('/decline', 'support:respond', 'decline', declineSchema, async (v, id, req) => {
    await support.allocations.respond(req.principal!, id, { accept: false, reason: v.reason }, ctx(req));
    return 'Allocation declined: the place has been released';
  });
  allocationStep('/start', 'support:episodes', 'start', startEpisodeSchema, async (v, id, req) => {
    await support.episodes.start(req.principal!, id, v, ctx(req));
    return 'Support started';
  }, (body) => withDate(body, 'startedOn'));
  allocationStep('/end', 'support:episodes', 'end', endEpisodeSchema.extend({ episodeId: z.uuid() }), async (v, _id, req) => {
    await support.episodes.end(req.principal!, v.episodeId, v, ctx(req));
    return 'Support ended: the place has been released';
  }, (body) => withDate(body, 'endedOn'));

  app.get('/support/cases/:reference', { config: requires('support:view-case') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    return guard(reply, async () => {
      const record = await support.cases.open(request.principal!, reference, ctx(request));
      return reply.render('support/views/case.njk', { record, labels });
    });
  });

  app.get('/support/cases/:reference/narrative', { config: requires('support:view-case') }, async (request, reply) => {
    const { reference } = parse(referenceParams, request.params);
    return guard(reply, async () => {
      const account = await support.cases.narrative(request.principal!, reference, ctx(request));
      return reply.render('support/views/narrative.njk', { account });
    });
  });

  await app.register(supportApiRoutes, { services });
}
