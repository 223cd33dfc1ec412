import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { parseForm, toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { auditContext } from '../platform/http/request-context.js';
import { organisationInput } from './schema.js';
import { nationLabels, nations, organisationTypeLabels, organisationTypes } from './kinds.js';
import { DuplicateOrganisationError } from './service.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import type { Organisation } from './store.js';
import { competentAuthorityCodes, competentAuthorityNames } from '../referrals/routing.js';

const idParams = z.object({ id: z.uuid() });

/** Administrators manage organisations: their type decides routing and what their users may do. */
export async function organisationRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const renderForm = async (reply: FastifyReply, values: Partial<Organisation> & Record<string, unknown>, errors?: FormErrors, status = 200) => {
    const all = await services.organisations.listAll();
    return reply.code(status).render('organisations/views/form.njk', {
      values,
      errors,
      typeItems: organisationTypes.map((t) => ({ value: t, text: organisationTypeLabels[t], selected: values.type === t })),
      nationItems: nations.map((n) => ({ value: n, text: nationLabels[n], checked: values.nation === n })),
      authorityItems: [{ value: '', text: 'Not a Competent Authority' }, ...competentAuthorityCodes
        .map((c) => ({ value: c, text: competentAuthorityNames[c], selected: values.competentAuthorityCode === c }))],
      primeItems: [{ value: '', text: 'None' }, ...all.filter((o) => o.providesSupport && o.id !== values.id)
        .map((o) => ({ value: o.id, text: o.name, selected: values.primeContractorId === o.id }))],
    });
  };

  app.get('/admin/organisations', { config: requires('organisations:list') }, async (request, reply) => {
    const list = await services.organisations.list(request.principal!);
    return reply.render('organisations/views/list.njk', { organisations: list, typeLabels: organisationTypeLabels, nationLabels });
  });

  app.get('/admin/organisations/new', { config: requires('organisations:manage') }, async (_request, reply) =>
    renderForm(reply, { active: true }));

  app.post('/admin/organisations', { config: requires('organisations:manage') }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(organisationInput, body);
    if (!form.ok) return renderForm(reply, body, form.errors, 400);
    try {
      await services.organisations.create(form.value, auditContext(request));
    } catch (error) {
      if (error instanceof DuplicateOrganisationError) return renderForm(reply, body, toFormErrors([{ field: 'name', message: error.message }]), 409);
      throw error;
    }
    request.session.flash = `Organisation “${form.value.name}” added`;
    return reply.redirect('/admin/organisations', 303);
  });

  app.get('/admin/organisations/:id', { config: requires('organisations:manage') }, async (request, reply) => {
    const { id } = parseParams(request.params);
    const organisation = await services.organisations.get(request.principal!, id);
    return renderForm(reply, organisation);
  });

  app.post('/admin/organisations/:id', { config: requires('organisations:manage') }, async (request, reply) => {
    const { id } = parseParams(request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(organisationInput, body);
    const version = Number(body.version);
    if (!form.ok) return renderForm(reply, { ...body, id }, form.errors, 400);
    try {
      await services.organisations.update(request.principal!, id, version, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof DuplicateOrganisationError) return renderForm(reply, { ...body, id }, toFormErrors([{ field: 'name', message: error.message }]), 409);
      if (error instanceof StaleVersionError) {
        const current = await services.organisations.get(request.principal!, id);
        return renderForm(reply, current, toFormErrors([{ field: 'name', message: error.message }]), 409);
      }
      throw error;
    }
    request.session.flash = `Organisation “${form.value.name}” updated`;
    return reply.redirect('/admin/organisations', 303);
  });
}

function parseParams(params: unknown): { id: string } {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('Organisation not found');
  return parsed.data;
}
