import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { parseForm, toFormErrors, type FormErrors } from '../platform/http/forms.js';
import { auditContext } from '../platform/http/request-context.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import { nationLabels, nations, type Nation } from '../organisations/kinds.js';
import {
  codePatterns, itemUpdateInput, listsWithNation, newItemInput, parentListOf, referenceList, referenceListLabels, type ReferenceList,
} from './schema.js';
import { DuplicateReferenceItemError, UnknownParentError } from './service.js';
import type { ReferenceItem } from './store.js';

const listParams = z.object({ list: referenceList });
const itemParams = z.object({ list: referenceList, code: z.string().min(1).max(40) });

/** Administrators keep the reference lists that forms offer: labels, order and which items are in use. */
export async function referenceDataRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const data = services.referenceData;

  /** Parent labels by code, for showing a local authority's or place's police force. */
  const parentLabels = async (list: ReferenceList): Promise<Record<string, string>> => {
    const parentList = parentListOf[list];
    if (!parentList) return {};
    return Object.fromEntries((await data.items(parentList, { includeInactive: true })).map((i) => [i.code, i.label]));
  };

  const listContext = (list: ReferenceList) => ({
    list,
    listInfo: referenceListLabels[list],
    hasNation: listsWithNation.includes(list),
    parentList: parentListOf[list],
    parentInfo: parentListOf[list] ? referenceListLabels[parentListOf[list]!] : undefined,
    nationLabels,
  });

  const renderEdit = async (reply: FastifyReply, list: ReferenceList, item: ReferenceItem, values: Record<string, unknown>, errors?: FormErrors, status = 200) => {
    const parentList = parentListOf[list];
    const summaryRows = [{ key: { text: 'Code' }, value: { text: item.code } }];
    if (listsWithNation.includes(list)) {
      summaryRows.push({ key: { text: 'Nation' }, value: { text: item.nation ? nationLabels[item.nation as Nation] : 'Not specific to one nation' } });
    }
    if (parentList) {
      const parent = item.parentCode ? ((await parentLabels(list))[item.parentCode] ?? item.parentCode) : 'None';
      summaryRows.push({ key: { text: capitalise(referenceListLabels[parentList].item) }, value: { text: parent } });
    }
    return reply.code(status).render('reference-data/views/edit.njk', { ...listContext(list), item, values, errors, summaryRows });
  };

  const renderNew = async (reply: FastifyReply, list: ReferenceList, values: Record<string, unknown>, errors?: FormErrors, status = 200) => {
    const parentList = parentListOf[list];
    return reply.code(status).render('reference-data/views/new.njk', {
      ...listContext(list),
      values,
      errors,
      codeHint: codePatterns[list].hint,
      nationItems: [{ value: '', text: 'Not specific to one nation', checked: !values.nation },
        ...nations.map((n) => ({ value: n, text: nationLabels[n], checked: values.nation === n }))],
      parentItems: parentList
        ? [{ value: '', text: 'None' }, ...(await data.items(parentList)).map((i) => ({ value: i.code, text: i.label, selected: values.parentCode === i.code }))]
        : [],
    });
  };

  app.get('/admin/reference-data', { config: requires('reference-data:list') }, async (_request, reply) =>
    reply.render('reference-data/views/index.njk', { lists: await data.summary() }));

  app.get('/admin/reference-data/:list', { config: requires('reference-data:list') }, async (request, reply) => {
    const { list } = parse(listParams, request.params);
    const items = await data.items(list, { includeInactive: true });
    return reply.render('reference-data/views/list.njk', { ...listContext(list), items, parentLabels: await parentLabels(list) });
  });

  app.get('/admin/reference-data/:list/new', { config: requires('reference-data:manage') }, async (request, reply) => {
    const { list } = parse(listParams, request.params);
    return renderNew(reply, list, { active: true });
  });

  app.post('/admin/reference-data/:list', { config: requires('reference-data:manage') }, async (request, reply) => {
    const { list } = parse(listParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(newItemInput(list), body);
    if (!form.ok) return renderNew(reply, list, body, form.errors, 400);
    try {
      await data.create(list, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof DuplicateReferenceItemError) return renderNew(reply, list, body, toFormErrors([{ field: 'code', message: error.message }]), 409);
      if (error instanceof UnknownParentError) return renderNew(reply, list, body, toFormErrors([{ field: 'parentCode', message: error.message }]), 400);
      throw error;
    }
    request.session.flash = `“${form.value.label}” added to ${referenceListLabels[list].name.toLowerCase()}`;
    return reply.redirect(`/admin/reference-data/${list}`, 303);
  });

  app.get('/admin/reference-data/:list/:code', { config: requires('reference-data:manage') }, async (request, reply) => {
    const { list, code } = parse(itemParams, request.params);
    const item = await data.get(list, code);
    return renderEdit(reply, list, item, item);
  });

  app.post('/admin/reference-data/:list/:code', { config: requires('reference-data:manage') }, async (request, reply) => {
    const { list, code } = parse(itemParams, request.params);
    const item = await data.get(list, code);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(itemUpdateInput, body);
    if (!form.ok) return renderEdit(reply, list, item, body, form.errors, 400);
    try {
      await data.update(list, code, form.value.version, form.value, auditContext(request));
    } catch (error) {
      if (error instanceof StaleVersionError) {
        const current = await data.get(list, code);
        return renderEdit(reply, list, current, current, toFormErrors([{ field: 'label', message: error.message }]), 409);
      }
      throw error;
    }
    request.session.flash = `“${form.value.label}” updated`;
    return reply.redirect(`/admin/reference-data/${list}`, 303);
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function parse<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('Reference list or item not found');
  return parsed.data;
}
