import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Services } from '../../services.js';
import './fastify-types.js';
import { registerHealth } from './health.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSessions } from './sessions.js';
import { registerStaticAssets } from './static-assets.js';
import { createViewEnvironment, registerViews } from './views.js';
import { registerAuthentication } from './authentication.js';
import { registerAuthorisation, registerPolicyCheck } from './authorisation.js';
import { registerErrorPages } from './errors.js';
import { registerOpenApi } from './openapi.js';
import { authRoutes } from '../auth/routes.js';
import { auditRoutes } from '../audit/routes.js';
import { homeRoutes } from '../../home/routes.js';
import { organisationRoutes } from '../../organisations/routes.js';
import { organisationApiRoutes } from '../../organisations/api-routes.js';
import { referenceDataRoutes } from '../../reference-data/routes.js';
import { userRoutes } from '../../users/routes.js';
import { referralApiRoutes } from '../../referrals/api-routes.js';
import { referralRoutes } from '../../referrals/routes.js';
import { caseworkRoutes } from '../../casework/routes.js';
import { statisticsRoutes } from '../../statistics/routes.js';
import { followingRoutes } from '../../referrals/following/routes.js';
import { noticeRoutes } from '../../notices/routes.js';
import { timelinessRoutes } from '../../casework/timeliness/routes.js';
import { htcdsRoutes } from '../../repository/htcds/routes.js';
import { recordRoutes } from '../../repository/records/routes.js';
import { intelligenceRoutes } from '../../intelligence/routes.js';
import { intelligenceApiRoutes } from '../../intelligence/api-routes.js';
import { publicReportRoutes } from '../../intelligence/public-routes.js';
import { planRoutes } from '../../plan/routes.js';
import { planApiRoutes } from '../../plan/api-routes.js';
import { returnsRoutes } from '../../returns/routes.js';
import { missingRoutes } from '../../missing/routes.js';
import { childrenRoutes } from '../../children/routes.js';
import { prosecutionRoutes } from '../../prosecutions/routes.js';
import { supportRoutes } from '../../support/routes.js';
import { reportRoutes } from '../../reports/routes.js';

export interface AppOptions {
  /** Pino logger options, or false for none (tests). */
  logger?: boolean | object;
}

/** Database errors quote the failing query's parameters, which may be personal data: logs keep only the statement. */
export function redactErrorMessage(message: string): string {
  return message.replace(/\nparams:[\s\S]*$/, '\nparams: [redacted]').replace(/\(([^)]*)\)=\([^)]*\)/g, '($1)=([redacted])');
}

function serializeError(err: Error & { code?: string; statusCode?: number; cause?: { code?: string } }) {
  const message = redactErrorMessage(err.message ?? '');
  return {
    type: err.name,
    code: err.code ?? err.cause?.code,
    statusCode: err.statusCode,
    message,
    stack: err.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n'),
  };
}

/** The application, composed in the order a request meets it. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(services.config.logLevel),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: services.config.trustProxy,
    bodyLimit: 1_048_576,
    return503OnClosing: true,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerPolicyCheck(app); // first: the onRoute check must see every route added after it
  await registerOpenApi(app);
  registerHealth(app, services);
  await registerSecurityHeaders(app, { production: services.config.production });
  await app.register(rateLimit, { global: false }); // limits are set per route (sign-in)
  await registerSessions(app, services);
  await registerStaticAssets(app);
  registerViews(app, createViewEnvironment({ cache: services.config.templateCache }));
  registerAuthentication(app, services);
  registerAuthorisation(app, services);
  registerErrorPages(app); // before the routes: their plugins inherit the handlers in force when registered

  await app.register(authRoutes, { services });
  await app.register(homeRoutes, { services });
  await app.register(organisationRoutes, { services });
  await app.register(organisationApiRoutes, { services });
  await app.register(referenceDataRoutes, { services });
  await app.register(userRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(referralApiRoutes, { services });
  await app.register(referralRoutes, { services });
  await app.register(followingRoutes, { services });
  await app.register(noticeRoutes, { services });
  await app.register(timelinessRoutes, { services });
  await app.register(caseworkRoutes, { services });
  await app.register(returnsRoutes, { services });
  await app.register(statisticsRoutes, { services });
  await app.register(htcdsRoutes, { services });
  await app.register(recordRoutes, { services });
  await app.register(intelligenceRoutes, { services });
  await app.register(intelligenceApiRoutes, { services });
  await app.register(publicReportRoutes, { services });
  await app.register(planRoutes, { services });
  await app.register(planApiRoutes, { services });
  await app.register(missingRoutes, { services });
  await app.register(childrenRoutes, { services });
  await app.register(prosecutionRoutes, { services });
  await app.register(supportRoutes, { services });
  await app.register(reportRoutes, { services });

  return app;
}

/** Structured logs with request ids and no personal data: no query strings, cookies, tokens or addresses. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
  };
}
