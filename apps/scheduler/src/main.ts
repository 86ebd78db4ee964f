import { readFile } from 'node:fs/promises';
import { RestClient } from '@wheelhouse/client';
import { defineCommand, kubeconfigFlag, logLevelFlag, untilSignal } from '@wheelhouse/flags';
import { pino } from 'pino';
import { parseSchedulerConfig, defaultSchedulerConfig } from './config/load.js';
import { inTreeRegistry } from './plugins/registry.js';
import { buildScheduler } from './scheduler.js';
import { serveEndpoints } from './serve.js';

async function loadConfig(path: string | undefined, leaderElect: boolean | undefined) {
  const known = new Set(inTreeRegistry().keys());
  const config = path ? parseSchedulerConfig(await readFile(path, 'utf8'), known) : defaultSchedulerConfig(known);
  if (leaderElect !== undefined) config.leaderElection.leaderElect = leaderElect;
  return config;
}

/**
 * `wheelhouse scheduler`: kube-scheduler's flags. Binds pending pods whose schedulerName
 * names one of its profiles; serves /healthz, /readyz and /metrics. Throws at once on bad
 * flags or a bad --config (naming the field); exits when leadership is lost.
 */
export const schedulerCommand = defineCommand({
  name: 'scheduler',
  summary: 'Run the scheduler (binds pending pods to nodes)',
  flags: {
    kubeconfig: kubeconfigFlag,
    config: { type: 'string', description: 'KubeSchedulerConfiguration file (YAML)', default: '', placeholder: 'FILE' },
    'leader-elect': {
      type: 'boolean',
      description: 'elect a leader before scheduling (default true; overrides leaderElection.leaderElect of --config)',
    },
    'bind-address': {
      type: 'string',
      description: 'address of /healthz and /metrics',
      default: '127.0.0.1',
      placeholder: 'IP',
    },
    'secure-port': {
      type: 'number',
      description: 'port of /healthz and /metrics (plain HTTP; 0 picks a free one)',
      default: 10259,
    },
    'log-level': logLevelFlag,
  },
  run: async (flags) => {
    const logger = pino({ name: 'scheduler', level: flags['log-level'] });
    const config = await loadConfig(flags.config || undefined, flags['leader-elect']);
    const cc = config.clientConnection;
    const kubeconfig = flags.kubeconfig || cc.kubeconfig;
    const client = await RestClient.fromKubeconfig(kubeconfig ? { kubeconfig } : {}, {
      userAgent: 'kube-scheduler',
      logger: logger.child({ component: 'rest-client' }),
      ...(cc.qps > 0 ? { qps: cc.qps, burst: Math.max(1, cc.burst) } : {}),
    });
    const scheduler = buildScheduler({ client, config, logger });
    const endpoints = await serveEndpoints(
      { registry: scheduler.metrics.registry, ready: () => scheduler.synced() },
      flags['bind-address'],
      flags['secure-port'],
    );
    const ctl = new AbortController();
    const done = scheduler.start(ctl.signal);
    await Promise.race([untilSignal(), done]);
    ctl.abort();
    await done;
    await endpoints.close();
    client.close();
    if (scheduler.lostLeadership) throw new Error('leaderelection lost');
  },
});
