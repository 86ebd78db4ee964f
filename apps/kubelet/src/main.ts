import { RestClient } from '@wheelhouse/client';
import { defineCommand, parseDuration, untilSignal } from '@wheelhouse/flags';
import { pino } from 'pino';
import { KUBELET_VERSION } from './nodes/node-config.js';
import { parseKeyValues, parseTaints } from './flag-values.js';
import { buildKubelet, type Kubelet } from './kubelet.js';

/**
 * `wheelhouse kubelet`: simulated nodes (one with --node-name, or --nodes N named
 * --node-name-prefix + 1..N) against the API server of --kubeconfig, with the kubelet's flag
 * names where it has them. Runs until SIGINT/SIGTERM; bad flags and stage files are one line.
 */
export const kubeletCommand = defineCommand({
  name: 'kubelet',
  summary: 'Run simulated nodes: register, heartbeat, and play pod lifecycles',
  flags: {
    kubeconfig: {
      type: 'string',
      description: 'kubeconfig of the API server (default: KUBECONFIG, ~/.kube/config)',
      placeholder: 'FILE',
    },
    'node-name': { type: 'string', description: 'host this one node', placeholder: 'NAME' },
    nodes: { type: 'number', description: 'host this many nodes, named --node-name-prefix + 1..N (default 1)' },
    'node-name-prefix': { type: 'string', description: 'prefix of the node names with --nodes', default: 'sim-' },
    'first-node-index': {
      type: 'number',
      description: 'number of the first node with --nodes (prefix + N..N+nodes-1), so kubelets can share a prefix',
      default: 1,
    },
    cpu: { type: 'string', description: 'cpu capacity of each node', default: '4', placeholder: 'QUANTITY' },
    memory: { type: 'string', description: 'memory capacity of each node', default: '16Gi', placeholder: 'QUANTITY' },
    'ephemeral-storage': {
      type: 'string',
      description: 'ephemeral-storage capacity (disk) of each node',
      default: '100Gi',
      placeholder: 'QUANTITY',
    },
    'max-pods': { type: 'number', description: 'pods each node can run', default: 110 },
    'system-reserved': {
      type: 'list',
      description:
        'resources held back from allocatable (cpu, memory, ephemeral-storage, pid), e.g. cpu=500m,memory=1Gi',
      placeholder: 'K=V,...',
    },
    'node-labels': { type: 'list', description: 'labels added to each node at registration', placeholder: 'K=V,...' },
    'register-with-taints': {
      type: 'list',
      description: 'taints each node registers with',
      placeholder: 'K=V:EFFECT,...',
    },
    'pod-cidr': {
      type: 'string',
      description: 'pod CIDR of a single --node-name node (default: one made up per node)',
      placeholder: 'CIDR',
    },
    'node-lease-duration-seconds': {
      type: 'number',
      description: 'duration of node leases; renewed every quarter of it',
      default: 40,
    },
    'node-status-update-frequency': {
      type: 'string',
      description: 'how often node status is checked',
      default: '10s',
      placeholder: 'DURATION',
    },
    'node-status-report-frequency': {
      type: 'string',
      description: 'how often unchanged node status is written',
      default: '5m',
      placeholder: 'DURATION',
    },
    'pod-startup-delay': {
      type: 'string',
      description: 'containers start after this (plus as much jitter)',
      default: '300ms',
      placeholder: 'DURATION',
    },
    'pod-stop-delay': {
      type: 'string',
      description: 'containers of a deleted pod stop after this (at most its grace period)',
      default: '1s',
      placeholder: 'DURATION',
    },
    stages: {
      type: 'string',
      description: 'stage file (YAML) extending or replacing the built-in pod lifecycle',
      placeholder: 'FILE',
    },
    'stages-mode': {
      type: 'string',
      description: 'how --stages combines with the built-in stages',
      default: 'extend',
      choices: ['extend', 'replace'],
    },
    'admin-port': {
      type: 'number',
      description: 'serve the admin API (fail/recover/add/remove/list) on this loopback port; 0 picks one',
    },
    'admin-port-file': {
      type: 'string',
      description:
        'write {"port","url","pid"} of the admin API here (without --admin-port, the admin API picks a free port)',
      placeholder: 'FILE',
    },
    port: {
      type: 'number',
      description: 'loopback port of the kubelet API (container logs) of every node; 0 picks one',
      default: 0,
    },
    'healthz-port': {
      type: 'number',
      description: 'port of /healthz, /readyz and /metrics; 0 picks one',
      default: 0,
    },
    'healthz-bind-address': {
      type: 'string',
      description: 'address /healthz, /readyz and /metrics listen on',
      default: '127.0.0.1',
      placeholder: 'IP',
    },
    'log-level': {
      type: 'string',
      description: 'log level',
      default: 'info',
      choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    },
  },
  run: async (flags) => {
    const logger = pino({ name: 'kubelet', level: flags['log-level'] });
    const client = await RestClient.fromKubeconfig(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}, {
      userAgent: `kubelet/${KUBELET_VERSION} (wheelhouse-sim)`,
      logger: logger.child({ component: 'rest-client' }),
    });
    let kubelet: Kubelet | undefined;
    try {
      kubelet = buildKubelet({
        client,
        ...(flags['node-name'] !== undefined ? { nodeName: flags['node-name'] } : {}),
        ...(flags.nodes !== undefined ? { nodes: flags.nodes } : {}),
        nodeNamePrefix: flags['node-name-prefix'],
        firstNodeIndex: flags['first-node-index'],
        cpu: flags.cpu,
        memory: flags.memory,
        ephemeralStorage: flags['ephemeral-storage'],
        maxPods: flags['max-pods'],
        systemReserved: parseKeyValues('system-reserved', flags['system-reserved'] ?? []),
        nodeLabels: parseKeyValues('node-labels', flags['node-labels'] ?? []),
        registerWithTaints: parseTaints('register-with-taints', flags['register-with-taints'] ?? []),
        ...(flags['pod-cidr'] !== undefined ? { podCIDR: flags['pod-cidr'] } : {}),
        nodeLeaseDurationSeconds: flags['node-lease-duration-seconds'],
        nodeStatusUpdateFrequencyMs: parseDuration(
          flags['node-status-update-frequency'],
          'node-status-update-frequency',
        ),
        nodeStatusReportFrequencyMs: parseDuration(
          flags['node-status-report-frequency'],
          'node-status-report-frequency',
        ),
        podStartupDelayMs: parseDuration(flags['pod-startup-delay'], 'pod-startup-delay'),
        podStopDelayMs: parseDuration(flags['pod-stop-delay'], 'pod-stop-delay'),
        ...(flags.stages !== undefined ? { stagesFile: flags.stages } : {}),
        stagesMode: flags['stages-mode'] as 'extend' | 'replace',
        ...(flags['admin-port'] !== undefined ? { adminPort: flags['admin-port'] } : {}),
        ...(flags['admin-port-file'] !== undefined ? { adminPortFile: flags['admin-port-file'] } : {}),
        kubeletPort: flags.port,
        healthzPort: flags['healthz-port'],
        healthzBindAddress: flags['healthz-bind-address'],
        logger,
      });
      await kubelet.start();
      await untilSignal();
    } finally {
      await kubelet?.stop();
      client.close();
    }
  },
});
