/**
 * etcd's plain HTTP endpoints, answered on the client port next to gRPC: GET /health,
 * /version and /metrics (a few Prometheus gauges under etcd's names).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from './context.js';
import { ETCD_CLUSTER_VERSION, ETCD_VERSION } from './maintenance.js';

/** Handles one HTTP/1 request; never throws. */
export function httpHandler(ctx: ServerContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'Method Not Allowed\n');
      if (path === '/health') return health(ctx, res);
      if (path === '/version')
        return reply(
          res,
          200,
          'application/json',
          JSON.stringify({ etcdserver: ETCD_VERSION, etcdcluster: ETCD_CLUSTER_VERSION }),
        );
      if (path === '/metrics') return reply(res, 200, 'text/plain; version=0.0.4', metrics(ctx));
      return reply(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
    } catch (err) {
      ctx.log.error({ err }, 'http handler failed');
      if (!res.headersSent) reply(res, 500, 'text/plain', 'internal error\n');
      else res.destroy();
    }
  };
}

/** etcd's /health: healthy when no alarm is raised and a read succeeds. */
function health(ctx: ServerContext, res: ServerResponse): void {
  let ok = ctx.engine.alarms().length === 0;
  try {
    ctx.engine.range({ key: Buffer.from('health') });
  } catch {
    ok = false;
  }
  reply(res, ok ? 200 : 503, 'application/json', JSON.stringify({ health: String(ok) }));
}

function metrics(ctx: ServerContext): string {
  const s = ctx.engine.status();
  const gauge = (name: string, help: string, value: number) =>
    `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
  return [
    gauge('etcd_server_has_leader', 'Whether or not a leader exists. 1 is existence, 0 is not.', 1),
    gauge('etcd_server_is_leader', 'Whether or not this member is a leader. 1 if is, 0 otherwise.', 1),
    gauge(
      'etcd_mvcc_db_total_size_in_bytes',
      'Total size of the underlying database physically allocated in bytes.',
      s.dbSize,
    ),
    gauge(
      'etcd_mvcc_db_total_size_in_use_in_bytes',
      'Total size of the underlying database logically in use in bytes.',
      s.dbSizeInUse,
    ),
    gauge('etcd_debugging_mvcc_current_revision', 'The current revision of store.', s.revision),
    gauge('etcd_debugging_mvcc_compact_revision', 'The revision of the last compaction in store.', s.compactRevision),
    gauge('etcd_server_quota_backend_bytes', 'Current backend storage quota size in bytes.', ctx.quotaBackendBytes),
  ].join('');
}

function reply(res: ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
