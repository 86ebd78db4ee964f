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
import { apiGroupEntry } from './discovery.js';
import { installOpenApi } from './openapi.js';
import { pathNotFound, unavailable } from '../errors.js';
import { LiveRegistry } from '../registry/live-registry.js';
import type { StoreReady } from '../storage/readiness.js';

/** What the core routes need. */
export interface CoreRouteDeps {
  /** The store connection's state, for /readyz and /healthz. */
  storeReady: StoreReady;
  /** True once the watch cache is filled and the system namespaces exist. */
  isReady: () => boolean;
  serverAddress: () => string;
  /** What is served right now (default: the built-in resources only). */
  registry?: LiveRegistry;
}

function discovery(registry: LiveRegistry, core: boolean, legacy: () => unknown) {
  const key = core ? 'aggregated:/api' : 'aggregated:/apis';
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // A Buffer keeps fastify from rewriting the media type parameters kubectl matches exactly.
    if (wantsAggregated(req.headers.accept))
      return reply
        .header('content-type', AGGREGATED_CONTENT_TYPE)
        .send(registry.derived(key, () => Buffer.from(JSON.stringify(aggregatedDiscovery(registry, core)))));
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

function apiGroup(registry: LiveRegistry, group: string): unknown {
  const g = registry.groups().find((x) => x.name === group);
  if (!g || group === '') throw pathNotFound();
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupEntry(g) };
}

/** Registers the routes on `app`. */
export function installCoreRoutes(app: FastifyInstance, deps: CoreRouteDeps): void {
  app.get('/version', async () => versionInfo());
  const registry = deps.registry ?? new LiveRegistry();
  app.get(
    '/api',
    discovery(registry, true, () => apiVersions(deps.serverAddress())),
  );
  app.get(
    '/apis',
    discovery(registry, false, () => registry.derived('APIGroupList', () => apiGroupList(registry))),
  );
  app.get('/apis/:group', async (req) => apiGroup(registry, (req.params as { group: string }).group));
  installOpenApi(app, registry);
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
