import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { projectRoot, sourceRoot } from '../paths.js';

/** Static paths are public: the policy hook lets these prefixes through without a sign-in. */
export const staticPrefixes = ['/assets/', '/govuk/', '/public/'] as const;

const govuk = path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist', 'govuk');

/** GOV.UK Frontend's compiled CSS, JS, fonts and images, served from the installed package (no CDN). */
export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: path.join(govuk, 'assets'), prefix: '/assets/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: govuk,
    prefix: '/govuk/',
    decorateReply: false,
    maxAge: '1d',
    allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
  });
  await app.register(fastifyStatic, { root: path.join(sourceRoot, 'platform', 'public'), prefix: '/public/', decorateReply: false, maxAge: '1h' });
}
