import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { parseForm, toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { auditContext } from '../platform/http/request-context.js';
import { visibleFields } from '../platform/auth/policy.js';
import { roleLabels, roles } from '../platform/auth/roles.js';
import { newUserInput, userUpdateInput } from './schema.js';
import { DuplicateEmailError } from './service.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';

const idParams = z.object({ id: z.uuid() });

/** Administrators manage user accounts: one organisation and one role each. */
export async function userRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const formOptions = async (values: Record<string, unknown>) => {
    const organisations = await services.organisations.listAll();
    return {
      organisationItems: [{ value: '', text: 'Select an organisation' }, ...organisations.filter((o) => o.active || o.id === values.organisationId)
        .map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id }))],
      roleItems: roles.map((r) => ({ value: r, text: roleLabels[r], checked: values.role === r })),
    };
  };
  const renderNew = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors, status = 200) =>
    reply.code(status).render('users/views/new.njk', { values: { ...values, password: undefined }, errors, ...(await formOptions(values)) });
  const renderEdit = async (reply: FastifyReply, user: Record<string, unknown>, values: Record<string, unknown>, errors?: FormErrors, status = 200) =>
    reply.code(status).render('users/views/edit.njk', { user, values, errors, ...(await formOptions(values)) });

  app.get('/admin/users', { config: requires('users:list') }, async (request, reply) => {
    const principal = request.principal!;
    const list = (await services.users.list(principal)).map((u) => visibleFields(principal.role, 'user', u));
    return reply.render('users/views/list.njk', { users: list, now: services.clock.now() });
  });

  app.get('/admin/users/new', { config: requires('users:manage') }, async (_request, reply) => renderNew(reply, {}));

  app.post('/admin/users', { config: requires('users:manage') }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(newUserInput, body);
    if (!form.ok) return renderNew(reply, body, form.errors, 400);
    try {
      await services.users.create(form.value, auditContext(request));
    } catch (error) {
      if (error instanceof DuplicateEmailError) return renderNew(reply, body, toFormErrors([{ field: 'email', message: error.message }]), 409);
      throw error;
    }
    request.session.flash = `User ${form.value.email} added`;
    return reply.redirect('/admin/users', 303);
  });

  app.get('/admin/users/:id', { config: requires('users:manage') }, async (request, reply) => {
    const { id } = parseParams(request.params);
    const principal = request.principal!;
    const user = visibleFields(principal.role, 'user', await services.users.view(principal, id, auditContext(request)));
    return renderEdit(reply, user, user);
  });

  app.post('/admin/users/:id', { config: requires('users:manage') }, async (request, reply) => {
    const { id } = parseParams(request.params);
    const principal = request.principal!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(userUpdateInput, body);
    if (!form.ok) {
      const user = await services.users.view(principal, id, auditContext(request));
      return renderEdit(reply, user, { ...user, ...body }, form.errors, 400);
    }
    try {
      await services.users.update(principal, id, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const user = await services.users.view(principal, id, auditContext(request));
        return renderEdit(reply, user, user, toFormErrors([{ field: 'name', message: error.message }]), 409);
      }
      throw error;
    }
    request.session.flash = 'User updated';
    return reply.redirect('/admin/users', 303);
  });
}

function parseParams(params: unknown): { id: string } {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('User not found');
  return parsed.data;
}
