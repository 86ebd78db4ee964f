// Flags every Wheelhouse component that talks to the API server takes, defined once.
import type { FlagSpec } from './command.js';

/** pino's levels, the choices of {@link logLevelFlag}. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `--log-level LEVEL`: one of {@link LOG_LEVELS}, default `info`; any other value is a FlagError. */
export const logLevelFlag = {
  type: 'string',
  description: 'log level',
  default: 'info',
  choices: LOG_LEVELS,
} as const satisfies FlagSpec;

/**
 * `--kubeconfig FILE`: the kubeconfig of the API server. The default `''` means the usual
 * rules (KUBECONFIG, then ~/.kube/config), as `RestClient.fromKubeconfig({})` applies them.
 */
export const kubeconfigFlag = {
  type: 'string',
  description: 'path to a kubeconfig file (default: KUBECONFIG, then ~/.kube/config)',
  default: '',
  placeholder: 'FILE',
} as const satisfies FlagSpec;
