/** Routes outside the API groups: /version, discovery roots, OpenAPI and health checks. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupList,
  apiVersions,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { pathNotFound, unavailable } from '../errors.js';
import { apiVersionOf, openAPIDocument, openAPIIndex } from '@wheelhouse/api';
import { groupVersions } from '../registry/registry.js';
import type { StoreReady } from '../storage/readiness.js';

/** What the core routes need. */
export interface CoreRouteDeps {
  /** The store connection's state, for /readyz and /healthz. */
  storeReady: StoreReady;
  /** True once the watch cache is filled and the system namespaces exist. */
  isReady: () => boolean;
  serverAddress: () => string;
}

function discovery(core: boolean, legacy: () => unknown) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // A Buffer keeps fastify from rewriting the media type parameters kubectl matches exactly.
    if (wantsAggregated(req.headers.accept))
      return reply
        .header('content-type', AGGREGATED_CONTENT_TYPE)
        .send(Buffer.from(JSON.stringify(aggregatedDiscovery(core))));
    return legacy();
  };
}

function healthCheck(check: () => Promise<void>) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    try {
      await check();
      return reply.type('text/plain').send('ok');
    } catch (err) {
      return reply
        .code(500)
        .type('text/plain')
        .send(`[-]etcd failed: ${(err as Error).message}\nhealthz check failed`);
    }
  };
}

function apiGroup(group: string): unknown {
  const gv = groupVersions().find((g) => g.group === group);
  if (!gv || group === '') throw pathNotFound();
  const v = { groupVersion: apiVersionOf(gv), version: gv.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [v], preferredVersion: v };
}

/** `api/v1` -> core v1, `apis/apps/v1` -> apps v1; undefined for anything else. */
function groupVersionOfKey(key: string): { group: string; version: string } | undefined {
  const core = /^api\/([^/]+)$/.exec(key);
  if (core) return { group: '', version: core[1]! };
  const named = /^apis\/([^/]+)\/([^/]+)$/.exec(key);
  return named ? { group: named[1]!, version: named[2]! } : undefined;
}

function installOpenApi(app: FastifyInstance): void {
  const bodies = new Map<string, string>();
  app.get('/openapi/v3', async () => openAPIIndex());
  app.get('/openapi/v3/*', async (req, reply) => {
    const key = (req.params as Record<string, string>)['*'] ?? '';
    const gv = groupVersionOfKey(key);
    const doc = gv && openAPIDocument(gv.group, gv.version);
    if (!doc) throw pathNotFound();
    if (!bodies.has(key)) bodies.set(key, JSON.stringify(doc));
    return reply.type('application/json').send(bodies.get(key));
  });
}

/** Registers the routes on `app`. */
export function installCoreRoutes(app: FastifyInstance, deps: CoreRouteDeps): void {
  app.get('/version', async () => versionInfo());
  app.get(
    '/api',
    discovery(true, () => apiVersions(deps.serverAddress())),
  );
  app.get('/apis', discovery(false, apiGroupList));
  app.get('/apis/:group', async (req) => apiGroup((req.params as { group: string }).group));
  installOpenApi(app);
  const live = async (): Promise<void> => undefined;
  const ready = async (): Promise<void> => {
    if (!deps.isReady()) throw unavailable('not ready');
    const store = await deps.storeReady();
    if (!store.ok) throw unavailable(store.reason ?? 'the store is not ready');
  };
  app.get('/livez', healthCheck(live));
  app.get('/healthz', healthCheck(ready));
  app.get('/readyz', healthCheck(ready));
}
