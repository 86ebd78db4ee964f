/**
 * `wheelhouse controller-manager`: kube-controller-manager's flags (--kubeconfig, --master,
 * --controllers, --leader-elect and its timings, --concurrent-<controller>-syncs, --kube-api-qps,
 * --kube-api-burst, and --bind-address and --secure-port of /healthz, /readyz and /metrics). Runs until SIGINT/SIGTERM or until it loses the leader lease; throws at
 * once on bad flags.
 */
import { type FlagSpec, defineCommand, parseDuration, untilSignal } from '@wheelhouse/flags';
import { type ControllerManagerConfig, buildControllerManager } from './controller-manager.js';
import { CONTROLLERS, DEFAULT_CONTROLLERS, controllerFlags } from './controllers/index.js';

const concurrencyFlags: Record<string, FlagSpec> = Object.fromEntries(
  Object.entries(CONTROLLERS).flatMap(([name, d]) =>
    d.concurrencyFlag
      ? [
          [
            d.concurrencyFlag,
            { type: 'number', description: `number of ${name} objects synced at once`, default: d.defaultWorkers },
          ],
        ]
      : [],
  ),
);

const ownFlags = controllerFlags();

const flags = {
  kubeconfig: { type: 'string', description: 'path to a kubeconfig file', placeholder: 'FILE' },
  master: { type: 'string', description: 'the API server address (overrides the kubeconfig)', placeholder: 'URL' },
  controllers: {
    type: 'list',
    description: `controllers to run: '*' (all on by default), 'foo' enables foo, '-foo' disables foo; known: ${Object.keys(CONTROLLERS).join(', ')}`,
    default: DEFAULT_CONTROLLERS,
    placeholder: 'NAMES',
  },
  'leader-elect': { type: 'boolean', description: 'run only while holding the leader lease', default: true },
  'leader-elect-lease-duration': {
    type: 'string',
    description: 'lease duration',
    default: '15s',
    placeholder: 'DURATION',
  },
  'leader-elect-renew-deadline': {
    type: 'string',
    description: 'renew deadline',
    default: '10s',
    placeholder: 'DURATION',
  },
  'leader-elect-retry-period': { type: 'string', description: 'retry period', default: '2s', placeholder: 'DURATION' },
  'leader-elect-resource-name': { type: 'string', description: 'lease name', default: 'kube-controller-manager' },
  'leader-elect-resource-namespace': { type: 'string', description: 'lease namespace', default: 'kube-system' },
  'bind-address': {
    type: 'string',
    description: 'address of /healthz, /readyz and /metrics',
    default: '127.0.0.1',
    placeholder: 'IP',
  },
  'secure-port': {
    type: 'number',
    description: 'port of /healthz, /readyz and /metrics (plain HTTP; 0 picks a free one)',
    default: 10257,
  },
  'kube-api-qps': { type: 'number', description: 'requests per second to the API server', default: 20 },
  'kube-api-burst': { type: 'number', description: 'burst of requests to the API server', default: 30 },
  'log-level': {
    type: 'string',
    description: 'log level',
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
  },
  ...concurrencyFlags,
  ...ownFlags,
} satisfies Record<string, FlagSpec>;

/** Parsed flag values as {@link ControllerManagerConfig}; durations are parsed (throwing on bad ones). */
export function configFromFlags(values: Record<string, unknown>): ControllerManagerConfig {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const duration = (k: string): number => parseDuration(str(k) ?? '', k);
  const concurrency = Object.fromEntries(
    Object.entries(CONTROLLERS).flatMap(([name, d]) =>
      d.concurrencyFlag ? [[name, values[d.concurrencyFlag] as number]] : [],
    ),
  );
  const settings = Object.fromEntries(Object.keys(ownFlags).map((flag) => [flag, values[flag]]));
  return {
    ...(str('kubeconfig') ? { kubeconfig: str('kubeconfig')! } : {}),
    ...(str('master') ? { master: str('master')! } : {}),
    controllers: values.controllers as string[],
    concurrency,
    settings,
    leaderElect: values['leader-elect'] as boolean,
    leaderElection: {
      leaseDurationMs: duration('leader-elect-lease-duration'),
      renewDeadlineMs: duration('leader-elect-renew-deadline'),
      retryPeriodMs: duration('leader-elect-retry-period'),
      resourceName: str('leader-elect-resource-name')!,
      resourceNamespace: str('leader-elect-resource-namespace')!,
    },
    bindAddress: str('bind-address')!,
    securePort: values['secure-port'] as number,
    kubeApiQps: values['kube-api-qps'] as number,
    kubeApiBurst: values['kube-api-burst'] as number,
    logLevel: str('log-level')!,
  };
}

/** The `controller-manager` command. */
export const controllerManagerCommand = defineCommand({
  name: 'controller-manager',
  summary: 'Run the workload controllers (kube-controller-manager)',
  flags,
  run: async (values) => {
    const manager = buildControllerManager(configFromFlags(values));
    await manager.start();
    await Promise.race([untilSignal(), manager.done]);
    await manager.stop();
  },
});
