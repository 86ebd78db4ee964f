import { rename, writeFile } from 'node:fs/promises';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import { isDNS1123Subdomain, parseQuantity } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { KubeletError, isKubeletError } from '../errors.js';
import type { NodePool, NodeSummary } from '../nodes/node-pool.js';
import type { NodeOverrides } from '../nodes/node-config.js';
import { nodeLabelsProblem } from '../node-labels.js';
import { parseTaints } from '../flag-values.js';

/** What the admin port file holds (JSON), for the launcher: where the admin API listens. */
export interface AdminPortFile {
  port: number;
  url: string;
  pid: number;
}

/** A running admin API. */
export interface AdminServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The kubelet's admin API on loopback, for failure simulation (JSON in and out):
 * - `GET /nodes`: every hosted node with its state; `GET /nodes/{name}`: one;
 * - `POST /nodes` (body optional: `{"name", "cpu", "memory", "labels": {k: v}, "taints": ["k=v:Effect"]}`,
 *   each optional, over the kubelet's flags): adds a node;
 * - `DELETE /nodes/{name}`: stops hosting it and deletes its Node;
 * - `POST /nodes/{name}/fail`, `POST /nodes/{name}/recover`.
 * Errors answer 4xx `{"error": {"code", "message"}}`; an unknown node is a 404 naming it.
 */
export async function startAdminServer(pool: NodePool, port: number, logger: Logger): Promise<AdminServer> {
  const app = buildAdminApp(pool, logger);
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${bound}`;
  logger.info({ url }, 'admin API listening');
  return { url, port: bound, close: () => app.close() };
}

/** Writes the admin port file atomically (a temporary file renamed over it). */
export async function writeAdminPortFile(file: string, server: AdminServer): Promise<void> {
  const content: AdminPortFile = { port: server.port, url: server.url, pid: process.pid };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(content)}\n`);
  await rename(tmp, file);
}

function buildAdminApp(pool: NodePool, logger: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'admin' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/nodes', async () => ({ nodes: pool.list() }));
  app.get<{ Params: { name: string } }>('/nodes/:name', async (req) => node(pool, req.params.name));
  app.post<{ Body: unknown }>('/nodes', async (req, reply) =>
    reply.code(201).send(pool.add(nameFrom(req.body), overridesFrom(req.body))),
  );
  app.delete<{ Params: { name: string } }>('/nodes/:name', async (req) => pool.remove(req.params.name));
  app.post<{ Params: { name: string } }>('/nodes/:name/fail', async (req) => pool.fail(req.params.name));
  app.post<{ Params: { name: string } }>('/nodes/:name/recover', async (req) => pool.recover(req.params.name));
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, new KubeletError('NotFound', { path: `${req.method} ${req.url}` })),
  );
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (isKubeletError(err)) return sendError(reply, err);
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) logger.error({ err }, 'admin request failed');
    return reply
      .code(status)
      .send({ error: { code: status === 500 ? 'InternalError' : 'BadRequest', message: err.message } });
  });
  return app;
}

function node(pool: NodePool, name: string): NodeSummary {
  const found = pool.list().find((n) => n.name === name);
  if (!found) throw new KubeletError('UnknownNode', { node: name });
  return found;
}

function nameFrom(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new KubeletError('BadRequest', { problem: 'the body must be a JSON object like {"name": "sim-9"}' });
  const name = (body as { name?: unknown }).name;
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || isDNS1123Subdomain(name).length > 0)
    throw new KubeletError('BadRequest', { problem: `node name ${JSON.stringify(name)} is not a valid DNS subdomain` });
  return name;
}

const badRequest = (problem: string): KubeletError => new KubeletError('BadRequest', { problem });

function quantity(field: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    if (typeof v === 'string' && parseQuantity(v).sign() >= 0) return v;
  } catch {
    // reported below
  }
  throw badRequest(`${field} ${JSON.stringify(v)} is not a resource quantity`);
}

function labelsFrom(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string'))
    throw badRequest('labels must be an object of strings');
  const problem = nodeLabelsProblem(v as Record<string, string>);
  if (problem) throw badRequest(problem);
  return v as Record<string, string>;
}

function taintsFrom(v: unknown): NodeOverrides['taints'] {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw badRequest('taints must be a list like ["key=value:NoSchedule"]');
  try {
    return parseTaints('taints', v as string[]);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

/** The added node's settings over the kubelet's flags (the body is an object or empty: see nameFrom). */
function overridesFrom(body: unknown): NodeOverrides {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const o: NodeOverrides = {};
  const cpu = quantity('cpu', b.cpu);
  const memory = quantity('memory', b.memory);
  const labels = labelsFrom(b.labels);
  const taints = taintsFrom(b.taints);
  if (cpu !== undefined) o.cpu = cpu;
  if (memory !== undefined) o.memory = memory;
  if (labels !== undefined) o.labels = labels;
  if (taints !== undefined) o.taints = taints;
  return o;
}

function sendError(reply: FastifyReply, err: KubeletError): FastifyReply {
  return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
}
