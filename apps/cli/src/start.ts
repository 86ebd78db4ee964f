/**
 * `wheelhouse start`: the control plane as far as it exists: the store and the API server,
 * each its own process (components talk only through the API server, as in Kubernetes),
 * kept running by a Supervisor: a child that dies is restarted with backoff (one warning
 * line says which, how it ended and when it comes back) while the other keeps serving;
 * the API server's etcd client reconnects by itself. SIGINT/SIGTERM stops both. The
 * scheduler, controllers and kubelets join with `wheelhouse up`.
 */
import { createServer } from 'node:net';
import { defineCommand, untilSignal, type AnyCommand, type FlagValues } from '@wheelhouse/flags';
import { buildStore, parseClientUrl, storeConfigFromFlags, storeFlags } from '@wheelhouse/store';
import { pino, type Level } from 'pino';
import { Supervisor, type ChildSpec } from './supervisor.js';
import { answers200, until } from './probes.js';
import { launchComponent } from './node-flags.js';

const startFlags = {
  ...storeFlags,
  'apiserver-port': { type: 'number', default: 6443, description: 'Port of the API server on 127.0.0.1.' },
} as const;

/** A free port on `host` (for listen URLs with port 0: chosen once, so restarts keep it). */
function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The listen URLs with every port 0 replaced by a free port. */
async function fixedPorts(urls: readonly string[]): Promise<string[]> {
  return Promise.all(
    urls.map(async (u) => {
      const { host, port } = parseClientUrl(u, 'listen-client-urls');
      if (port !== 0) return u;
      const h = host.includes(':') ? `[${host}]` : host;
      return `http://${h}:${await freePortOn(host)}`;
    }),
  );
}

/** `wheelhouse store` arguments repeating the store's flags as given. */
function storeArgs(flags: FlagValues<typeof startFlags>, listen: string[]): string[] {
  const args = ['store'];
  for (const name of Object.keys(storeFlags) as (keyof typeof storeFlags)[]) {
    const v = name === 'listen-client-urls' ? listen : flags[name];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    args.push(`--${name}`, Array.isArray(v) ? v.join(',') : String(v));
  }
  return args;
}

/** See the module comment. Takes the store's flags plus `--apiserver-port`. */
export const startCommand: AnyCommand = defineCommand({
  name: 'start',
  summary: 'Start the control plane (today: the store and the API server)',
  flags: startFlags,
  run: async (flags) => {
    // Bad store flags fail here, once, rather than in a child restarted forever.
    buildStore(storeConfigFromFlags(flags));
    const listen = await fixedPorts(flags['listen-client-urls']);
    const etcd = listen[0]!;
    const port = flags['apiserver-port'];
    const api = `http://127.0.0.1:${port}`;
    const children: ChildSpec[] = [
      // The API server starts once the store answers /health (it lists from the store as it starts).
      {
        name: 'store',
        ...launchComponent(storeArgs(flags, listen)),
        ready: (signal) => until(() => answers200(`${etcd}/health`), signal),
      },
      {
        name: 'apiserver',
        ...launchComponent([
          'apiserver',
          '--etcd-servers',
          etcd,
          '--bind-address',
          '127.0.0.1',
          '--port',
          String(port),
          '--log-level',
          flags['log-level'],
        ]),
      },
    ];
    const logger = pino(
      { level: flags['log-level'] as Level, base: { component: 'supervisor' } },
      pino.destination({ fd: 2, sync: true }),
    );
    const supervisor = new Supervisor({ children, logger });
    const stopped = untilSignal();
    supervisor.start().then(
      () =>
        process.stderr.write(
          `wheelhouse start: store on ${listen.join(',')}, API server on ${api}\n` +
            `  kubectl --server ${api} get namespaces\n` +
            '  (the scheduler, controllers and kubelets are not part of it yet)\n',
        ),
      (err: unknown) => logger.error({ err }, 'could not start the children'),
    );
    await stopped;
    await supervisor.stop('SIGINT');
  },
});
