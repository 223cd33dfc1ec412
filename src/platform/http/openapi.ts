import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { packageVersion } from '../paths.js';
import { publicRoute } from '../auth/route-policy.js';

/**
 * The JSON API validates with zod schemas declared on each route; the same schemas produce the
 * OpenAPI document at /api/v1/openapi.json. Only tagged (API) routes appear in it.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Palermo API',
        description: 'JSON API for agency systems. Authenticate with `Authorization: Bearer <token>` (tokens are issued with `palermo tokens create`).',
        version: packageVersion,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  });
  app.get('/api/v1/openapi.json', { config: publicRoute }, async () => app.swagger());
}
