/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) as zod schemas: strict (an
 * unknown field is an error), every field optional as in the YAML a user writes.
 */
import { z } from 'zod';
import { EXTENSION_POINTS } from '../framework/interfaces.js';

/** The only accepted apiVersion. */
export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';

const Plugin = z.strictObject({ name: z.string(), weight: z.int().optional() });

/** Plugins enabled and disabled at one extension point. */
export const PluginSetSchema = z.strictObject({
  enabled: z.array(Plugin).optional(),
  disabled: z.array(Plugin).optional(),
});
/** One extension point's plugin set as written. */
export type PluginSetConfig = z.infer<typeof PluginSetSchema>;

const POINTS = ['multiPoint', ...EXTENSION_POINTS] as const;
/** Extension points as the configuration names them, multiPoint included. */
export type ConfigPoint = (typeof POINTS)[number];
/** Every configurable point. */
export const CONFIG_POINTS: readonly ConfigPoint[] = POINTS;

/** The plugins of a profile, per extension point. */
export const PluginsSchema = z.strictObject(
  Object.fromEntries(POINTS.map((p) => [p, PluginSetSchema.optional()])) as Record<
    ConfigPoint,
    z.ZodOptional<typeof PluginSetSchema>
  >,
);
/** The plugins of a profile as written. */
export type PluginsConfig = z.infer<typeof PluginsSchema>;

/** One scheduling profile. */
export const ProfileSchema = z.strictObject({
  schedulerName: z.string().optional(),
  percentageOfNodesToScore: z.int().optional(),
  plugins: PluginsSchema.optional(),
  pluginConfig: z
    .array(z.strictObject({ name: z.string(), args: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
});
/** A profile as written. */
export type ProfileConfig = z.infer<typeof ProfileSchema>;

const LeaderElection = z.strictObject({
  leaderElect: z.boolean().optional(),
  leaseDuration: z.string().optional(),
  renewDeadline: z.string().optional(),
  retryPeriod: z.string().optional(),
  resourceLock: z.string().optional(),
  resourceName: z.string().optional(),
  resourceNamespace: z.string().optional(),
});

const ClientConnection = z.strictObject({
  kubeconfig: z.string().optional(),
  acceptContentTypes: z.string().optional(),
  contentType: z.string().optional(),
  qps: z.number().optional(),
  burst: z.int().optional(),
});

/** The whole configuration as written. */
export const KubeSchedulerConfigurationSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  parallelism: z.int().optional(),
  leaderElection: LeaderElection.optional(),
  clientConnection: ClientConnection.optional(),
  percentageOfNodesToScore: z.int().optional(),
  podInitialBackoffSeconds: z.int().optional(),
  podMaxBackoffSeconds: z.int().optional(),
  profiles: z.array(ProfileSchema).optional(),
  extenders: z.array(z.unknown()).optional(),
  delayCacheUntilActive: z.boolean().optional(),
});
/** The configuration as written. */
export type KubeSchedulerConfiguration = z.infer<typeof KubeSchedulerConfigurationSchema>;
