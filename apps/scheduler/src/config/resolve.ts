/**
 * Turns a KubeSchedulerConfiguration as written into the scheduler's settings: kube's
 * v1 defaults, plugins merged with the default set, and validation that names every bad
 * field (ValidateKubeSchedulerConfiguration and plugin args validation).
 */
import { duplicate, invalid, required, type FieldError } from '@wheelhouse/api';
import { parseDuration } from '@wheelhouse/flags';
import type { ExtensionPoint } from '../framework/interfaces.js';
import type { PluginRef, ProfileSpec } from '../framework/registry.js';
import { DEFAULT_MULTI_POINT, NOT_IMPLEMENTED } from './default-plugins.js';
import { ConfigError } from './errors.js';
import { mergePluginSet } from './merge-plugins.js';
import { PLUGIN_ARGS } from './plugin-args.js';
import { CONFIG_POINTS, type KubeSchedulerConfiguration, type ProfileConfig } from './schema.js';
import { fieldErrorsOf } from './zod-errors.js';

/** kube-scheduler's default profile name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Leader election settings (durations in ms). */
export interface LeaderElectionSettings {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resourceName: string;
  resourceNamespace: string;
}

/** How the scheduler talks to the API server (clientConnection). */
export interface ClientConnectionSettings {
  /** The kubeconfig file ('' = the --kubeconfig flag or the default rules). */
  kubeconfig: string;
  /** Client-side throttle: requests per second and burst (kube-scheduler's defaults 50 and 100). */
  qps: number;
  burst: number;
}

/** The resolved scheduler configuration. */
export interface SchedulerConfig {
  parallelism: number;
  clientConnection: ClientConnectionSettings;
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: LeaderElectionSettings;
  profiles: ProfileSpec[];
}

function durationMs(text: string | undefined, fallback: number, field: string, errs: FieldError[]): number {
  if (text === undefined) return fallback;
  try {
    return parseDuration(text, field);
  } catch {
    errs.push(invalid(field, text, 'time: invalid duration'));
    return fallback;
  }
}

function leaderElectionOf(cfg: KubeSchedulerConfiguration, errs: FieldError[]): LeaderElectionSettings {
  const le = cfg.leaderElection ?? {};
  const settings = {
    leaderElect: le.leaderElect ?? true,
    leaseDurationMs: durationMs(le.leaseDuration, 15_000, 'leaderElection.leaseDuration', errs),
    renewDeadlineMs: durationMs(le.renewDeadline, 10_000, 'leaderElection.renewDeadline', errs),
    retryPeriodMs: durationMs(le.retryPeriod, 2_000, 'leaderElection.retryPeriod', errs),
    resourceName: le.resourceName ?? 'kube-scheduler',
    resourceNamespace: le.resourceNamespace ?? 'kube-system',
  };
  if (settings.leaderElect) checkLeaderElection(le, settings, errs);
  return settings;
}

/** component-base's ValidateLeaderElectionConfiguration plus kube-scheduler's leases-only rule. */
function checkLeaderElection(
  le: NonNullable<KubeSchedulerConfiguration['leaderElection']>,
  settings: LeaderElectionSettings,
  errs: FieldError[],
): void {
  const durations = [
    ['leaseDuration', settings.leaseDurationMs, le.leaseDuration ?? '15s'],
    ['renewDeadline', settings.renewDeadlineMs, le.renewDeadline ?? '10s'],
    ['retryPeriod', settings.retryPeriodMs, le.retryPeriod ?? '2s'],
  ] as const;
  for (const [name, ms, text] of durations) {
    if (ms <= 0) errs.push(invalid(`leaderElection.${name}`, text, 'must be greater than zero'));
  }
  if (settings.leaseDurationMs <= settings.renewDeadlineMs) {
    // As upstream, the value shown is the renew deadline.
    errs.push(
      invalid('leaderElection.leaseDuration', le.renewDeadline ?? '10s', 'must be greater than `RenewDeadline`'),
    );
  }
  if (settings.resourceNamespace === '') errs.push(required('leaderElection.resourceNamespace'));
  if (settings.resourceName === '') errs.push(required('leaderElection.resourceName'));
  if (le.resourceLock !== undefined && le.resourceLock !== 'leases') {
    errs.push(invalid('leaderElection.resourceLock', le.resourceLock, 'resourceLock value must be "leases"'));
  }
}

function checkPercentage(value: number | undefined, field: string, errs: FieldError[]): void {
  if (value !== undefined && (value < 0 || value > 100)) errs.push(invalid(field, value, 'not in valid range [0-100]'));
}

function checkGlobals(cfg: KubeSchedulerConfiguration, errs: FieldError[]): void {
  if (cfg.apiVersion !== 'kubescheduler.config.k8s.io/v1') {
    errs.push(invalid('apiVersion', cfg.apiVersion ?? '', 'must be kubescheduler.config.k8s.io/v1'));
  }
  if (cfg.kind !== 'KubeSchedulerConfiguration')
    errs.push(invalid('kind', cfg.kind ?? '', 'must be KubeSchedulerConfiguration'));
  if (cfg.parallelism !== undefined && cfg.parallelism <= 0) {
    errs.push(invalid('parallelism', cfg.parallelism, 'should be an integer value greater than zero'));
  }
  checkPercentage(cfg.percentageOfNodesToScore, 'percentageOfNodesToScore', errs);
  const initial = cfg.podInitialBackoffSeconds ?? 1;
  if (initial <= 0) errs.push(invalid('podInitialBackoffSeconds', initial, 'must be greater than 0'));
  const max = cfg.podMaxBackoffSeconds ?? 10;
  if (max < initial)
    errs.push(invalid('podMaxBackoffSeconds', max, 'must be greater than or equal to PodInitialBackoffSeconds'));
  const cc = cfg.clientConnection;
  if (cc?.qps !== undefined && cc.qps < 0)
    errs.push(invalid('clientConnection.qps', cc.qps, 'must be greater than or equal to 0'));
  if (cc?.burst !== undefined && cc.burst < 0)
    errs.push(invalid('clientConnection.burst', cc.burst, 'must be non-negative'));
  if ((cfg.extenders ?? []).length > 0)
    errs.push(invalid('extenders', 'extenders', 'scheduler extenders are not supported'));
}

function checkPluginNames(p: ProfileConfig, path: string, known: ReadonlySet<string>, errs: FieldError[]): void {
  for (const point of CONFIG_POINTS) {
    (p.plugins?.[point]?.enabled ?? []).forEach((e, i) => {
      if (!known.has(e.name))
        errs.push(invalid(`${path}.plugins.${point}.enabled[${i}].name`, e.name, 'plugin does not exist'));
    });
    (p.plugins?.[point]?.disabled ?? []).forEach((d, i) => {
      if (d.name !== '*' && !known.has(d.name) && !NOT_IMPLEMENTED.has(d.name)) {
        errs.push(invalid(`${path}.plugins.${point}.disabled[${i}].name`, d.name, 'plugin does not exist'));
      }
    });
  }
}

function pluginArgs(p: ProfileConfig, path: string, errs: FieldError[]): Map<string, unknown> {
  const args = new Map<string, unknown>();
  (p.pluginConfig ?? []).forEach((pc, i) => {
    const field = `${path}.pluginConfig[${i}]`;
    if (args.has(pc.name)) errs.push(duplicate(`${field}.name`, pc.name));
    const schema = PLUGIN_ARGS.get(pc.name);
    if (!schema) return errs.push(invalid(`${field}.name`, pc.name, 'plugin takes no arguments or does not exist'));
    const { apiVersion, kind, ...rest } = pc.args ?? {};
    if (kind !== undefined && kind !== `${pc.name}Args`)
      errs.push(invalid(`${field}.args.kind`, String(kind), `must be ${pc.name}Args`));
    if (apiVersion !== undefined && apiVersion !== 'kubescheduler.config.k8s.io/v1') {
      errs.push(invalid(`${field}.args.apiVersion`, String(apiVersion), 'must be kubescheduler.config.k8s.io/v1'));
    }
    const parsed = schema.safeParse(rest);
    if (parsed.success) args.set(pc.name, rest);
    else errs.push(...fieldErrorsOf(parsed.error, rest, `${field}.args`));
  });
  return args;
}

function profileSpec(p: ProfileConfig, name: string, args: Map<string, unknown>): ProfileSpec {
  const plugins: Partial<Record<ExtensionPoint, PluginRef[]>> = {};
  const disabled: Partial<Record<ExtensionPoint, string[]>> = {};
  let multiPoint: PluginRef[] = [];
  for (const point of CONFIG_POINTS) {
    const merged = mergePluginSet(point === 'multiPoint' ? DEFAULT_MULTI_POINT : {}, p.plugins?.[point]);
    if (point === 'multiPoint') {
      multiPoint = merged.enabled;
    } else {
      plugins[point] = merged.enabled;
      disabled[point] = merged.disabled;
    }
  }
  return {
    schedulerName: name,
    plugins,
    multiPoint,
    disabled,
    pluginArgs: args,
    percentageOfNodesToScore: p.percentageOfNodesToScore,
  };
}

function resolveProfiles(
  cfg: KubeSchedulerConfiguration,
  known: ReadonlySet<string>,
  errs: FieldError[],
): ProfileSpec[] {
  const profiles = cfg.profiles && cfg.profiles.length > 0 ? cfg.profiles : [{}];
  const names = new Set<string>();
  return profiles.map((p, i) => {
    const path = `profiles[${i}]`;
    const name = p.schedulerName ?? (profiles.length === 1 ? DEFAULT_SCHEDULER_NAME : '');
    if (name === '') errs.push(required(`${path}.schedulerName`));
    else if (names.has(name)) errs.push(duplicate(`${path}.schedulerName`, name));
    names.add(name);
    checkPercentage(p.percentageOfNodesToScore, `${path}.percentageOfNodesToScore`, errs);
    checkPluginNames(p, path, known, errs);
    return profileSpec(p, name, pluginArgs(p, path, errs));
  });
}

function checkCommonQueueSort(cfg: KubeSchedulerConfiguration, errs: FieldError[]): void {
  const profiles = cfg.profiles ?? [];
  const first = JSON.stringify(profiles[0]?.plugins?.queueSort ?? {});
  profiles.slice(1).forEach((p, i) => {
    if (JSON.stringify(p.plugins?.queueSort ?? {}) !== first) {
      errs.push(
        invalid(
          `profiles[${i + 1}].plugins.queueSort`,
          JSON.stringify(p.plugins?.queueSort ?? {}),
          'queueSort must be the same for all profiles',
        ),
      );
    }
  });
}

/** Defaults and validates a parsed configuration. Throws ConfigError naming every bad field. */
export function resolveSchedulerConfig(cfg: KubeSchedulerConfiguration, known: ReadonlySet<string>): SchedulerConfig {
  const errs: FieldError[] = [];
  checkGlobals(cfg, errs);
  const leaderElection = leaderElectionOf(cfg, errs);
  const profiles = resolveProfiles(cfg, known, errs);
  checkCommonQueueSort(cfg, errs);
  if (errs.length > 0) throw new ConfigError(errs);
  return {
    parallelism: cfg.parallelism ?? 16,
    clientConnection: {
      kubeconfig: cfg.clientConnection?.kubeconfig ?? '',
      qps: cfg.clientConnection?.qps ?? 50,
      burst: cfg.clientConnection?.burst ?? 100,
    },
    percentageOfNodesToScore: cfg.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: cfg.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: cfg.podMaxBackoffSeconds ?? 10,
    leaderElection,
    profiles,
  };
}
