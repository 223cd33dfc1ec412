import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.js';
import { requires } from '../platform/auth/route-policy.js';
import { auditContext } from '../platform/http/request-context.js';
import { NotFoundError } from '../platform/db/errors.js';

const noticeParams = z.object({ reference: z.string().regex(/^(NRM|DTN)-\d{4}-\d{6}$/), id: z.uuid() });
const mailParams = z.object({ id: z.uuid() });

/**
 * Decision letters as the people on a case read them — the page and the PDF for printing — and, while
 * email goes nowhere, the development mailbox that shows what would have been sent.
 */
export async function noticeRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/referrals/:reference/notices/:id', { config: requires('notices:view') }, async (request, reply) => {
    const { reference, id } = parse(noticeParams, request.params);
    const notice = await services.notices.open(request.principal!, reference, id, auditContext(request));
    return reply.render('notices/views/letter.njk', { notice });
  });

  app.get('/referrals/:reference/notices/:id/pdf', { config: requires('notices:view') }, async (request, reply) => {
    const { reference, id } = parse(noticeParams, request.params);
    const pdf = await services.notices.pdf(request.principal!, reference, id, auditContext(request));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${pdf.filename}"`).send(pdf.content);
  });

  // Only while email goes to the development mailbox: with a real mail server there is nothing to show.
  if (services.notices.hasDevelopmentMailbox) {
    app.get('/dev/mailbox', { config: requires('notices:mailbox') }, async (request, reply) => {
      const messages = await services.notices.mailbox(auditContext(request));
      return reply.render('notices/views/mailbox.njk', { messages });
    });

    app.get('/dev/mailbox/:id', { config: requires('notices:mailbox') }, async (request, reply) => {
      const { id } = parse(mailParams, request.params);
      const message = await services.notices.mailboxMessage(id, auditContext(request));
      return reply.render('notices/views/mail.njk', { message });
    });
  }
}

function parse<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No such letter');
  return parsed.data;
}
