/**
 * `wheelhouse start`: the control plane as far as it exists: the store in this process
 * and the API server as its own process (components talk only through the API server,
 * as in Kubernetes). Stops both on SIGINT/SIGTERM; if the API server dies, stops the
 * store and fails. The scheduler, controllers and kubelets join with `wheelhouse up`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { defineCommand, untilSignal, type AnyCommand } from '@wheelhouse/flags';
import { buildStore, storeConfigFromFlags, storeFlags } from '@wheelhouse/store';

const BIN = fileURLToPath(new URL('../bin/wheelhouse.mjs', import.meta.url));

/** How long the API server gets to stop after SIGINT before it is killed. */
const STOP_GRACE_MS = 10_000;

function startApiServer(etcd: string, port: number, logLevel: string): ChildProcess {
  const args = [
    BIN,
    'apiserver',
    '--etcd-servers',
    etcd,
    '--bind-address',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    logLevel,
  ];
  return spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

const startFlags = {
  ...storeFlags,
  'apiserver-port': { type: 'number', default: 6443, description: 'Port of the API server on 127.0.0.1.' },
} as const;

/** See the module comment. Takes the store's flags plus `--apiserver-port`. */
export const startCommand: AnyCommand = defineCommand({
  name: 'start',
  summary: 'Start the control plane (today: the store and the API server)',
  flags: startFlags,
  run: async (flags) => {
    const store = buildStore(storeConfigFromFlags(flags));
    const { endpoints } = await store.start();
    const port = flags['apiserver-port'];
    const api = startApiServer(endpoints[0]!, port, flags['log-level']);
    const exited = once(api, 'exit');
    process.stderr.write(
      `wheelhouse start: store on ${endpoints.join(',')}, API server on http://127.0.0.1:${port}\n` +
        `  kubectl --server http://127.0.0.1:${port} get namespaces\n` +
        '  (the scheduler, controllers and kubelets are not part of it yet)\n',
    );
    const ended = await Promise.race([
      untilSignal().then(() => 'signal' as const),
      exited.then(() => 'apiserver' as const),
    ]);
    await stopChild(api, exited);
    await store.stop();
    if (ended === 'apiserver') throw new Error(`the API server exited (${api.exitCode ?? api.signalCode})`);
  },
});
