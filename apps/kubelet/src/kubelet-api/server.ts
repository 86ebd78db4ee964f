import type { Pod } from '@wheelhouse/api';
import type { Informer, Served } from '@wheelhouse/client';
import type { Clock } from '@wheelhouse/machinery';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { containerLog, formatLog, type LogOptions } from '../pods/container-logs.js';
import type { StageLogBook } from '../pods/stage-log-book.js';
import type { CachedPod } from '../types.js';
import { followLog } from './follow.js';

/** What the kubelet API reads. */
export interface KubeletApiDeps {
  pods: Informer<Served<Pod>>;
  /** Whether a node is hosted by this process. */
  hosted(node: string): boolean;
  /** The kubelet's clock: sinceSeconds counts back from it, and timed log lines fall due on it. */
  clock: Clock;
  /** The lines stages wrote (none when absent). */
  stageLogs?: StageLogBook;
  logger: Logger;
}

/** A running kubelet API. */
export interface KubeletApi {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

type LogQuery = Partial<
  Record<'follow' | 'previous' | 'timestamps' | 'tailLines' | 'sinceSeconds' | 'sinceTime' | 'limitBytes', string>
>;
type LogParams = { namespace: string; pod: string; container: string };

/**
 * The kubelet API of every node this process hosts, on loopback (each node reports its port):
 * `GET /containerLogs/{namespace}/{pod}/{container}` with follow, previous, timestamps,
 * tailLines, sinceSeconds, sinceTime and limitBytes, as the API server's pods/log proxies it;
 * exec, attach, portForward and run are refused, naming the simulator. Errors are plain text
 * with the kubelet's status codes (the API server relays them).
 */
export async function startKubeletApi(deps: KubeletApiDeps, port: number): Promise<KubeletApi> {
  const app = buildApp(deps);
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  deps.logger.info({ port: bound }, 'kubelet API listening');
  return { port: bound, url: `http://127.0.0.1:${bound}`, close: () => app.close() };
}

const REFUSED = ['exec', 'attach', 'portForward', 'run'];

function buildApp(deps: KubeletApiDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'kubelet-api' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/healthz', async () => 'ok');
  app.get<{ Params: LogParams; Querystring: LogQuery }>('/containerLogs/:namespace/:pod/:container', (req, reply) =>
    logs(deps, req, reply),
  );
  // No ': ' in the text: kubectl reads a refusal that parses as YAML as a Status, and prints none of it.
  for (const verb of REFUSED) {
    app.all(`/${verb}/*`, async (_req, reply) =>
      reply
        .code(400)
        .type('text/plain')
        .send(
          `${verb} is not supported by the Wheelhouse simulated kubelet (its containers are simulated and run no processes)`,
        ),
    );
  }
  return app;
}

function logs(
  deps: KubeletApiDeps,
  req: FastifyRequest<{ Params: LogParams; Querystring: LogQuery }>,
  reply: FastifyReply,
): unknown {
  const { namespace, pod: name, container } = req.params;
  const pod = deps.pods.lister().get(name, namespace) as CachedPod | undefined;
  if (!pod || !deps.hosted(pod.spec?.nodeName ?? ''))
    return text(reply, 404, `pod "${name}" in namespace "${namespace}" not found`);
  const q = req.query;
  const now = deps.clock.now();
  const options = logOptions(q, now);
  if (typeof options === 'string') return text(reply, 400, options);
  const previous = q.previous === 'true';
  const log = containerLog(pod, container, previous, now, deps.stageLogs);
  if ('refused' in log) return text(reply, 400, log.refused);
  const body = formatLog(log.lines, options);
  if (q.follow !== 'true' || previous || log.ended) return text(reply, 200, body);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  res.write(body);
  const stop = followLog(deps.pods, pod, container, log, {
    timestamps: options.timestamps ?? false,
    clock: deps.clock,
    ...(deps.stageLogs ? { stageLogs: deps.stageLogs } : {}),
    write: (t) => res.write(t),
    end: () => res.end(),
  });
  res.on('close', stop);
  return undefined;
}

function text(reply: FastifyReply, code: number, body: string): FastifyReply {
  return reply.code(code).type('text/plain').send(body);
}

/** The log options of a query, or the message refusing a bad one. */
function logOptions(q: LogQuery, now: number): LogOptions | string {
  const o: LogOptions = { timestamps: q.timestamps === 'true' };
  for (const [key, field] of [
    ['tailLines', 'tailLines'],
    ['limitBytes', 'limitBytes'],
  ] as const) {
    if (q[key] === undefined) continue;
    const n = Number(q[key]);
    if (!Number.isInteger(n) || n < 0) return `invalid ${key}: ${q[key]}`;
    o[field] = n;
  }
  if (q.sinceTime !== undefined) {
    const at = Date.parse(q.sinceTime);
    if (Number.isNaN(at)) return `invalid sinceTime: ${q.sinceTime}`;
    o.sinceMs = at;
  }
  if (q.sinceSeconds !== undefined) {
    const s = Number(q.sinceSeconds);
    if (!Number.isInteger(s) || s <= 0) return `invalid sinceSeconds: ${q.sinceSeconds}`;
    o.sinceMs = now - s * 1000;
  }
  return o;
}
