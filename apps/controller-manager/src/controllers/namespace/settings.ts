/** The namespace controller's flags, by kube-controller-manager's names, with kube 1.32's defaults. */
import { type FlagSpec, parseDuration } from '@wheelhouse/flags';

/** --namespace-sync-period: how often every deleted namespace is looked at again. */
export const NAMESPACE_SYNC_PERIOD_FLAG = 'namespace-sync-period';

/** The controller's own flags (the concurrency flag is the descriptor's). */
export const NAMESPACE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [NAMESPACE_SYNC_PERIOD_FLAG]: {
    type: 'string',
    description: 'The period for syncing namespace life-cycle updates',
    default: '5m0s',
    placeholder: 'DURATION',
  },
};

/** The settings the controller runs with. */
export interface NamespaceSettings {
  syncPeriodMs: number;
}

/**
 * The settings from the flags' values (absent: every flag at its default). Throws a FlagError
 * with pflag's wording for a value that is not a duration.
 */
export function namespaceSettings(values: Readonly<Record<string, unknown>> = {}): NamespaceSettings {
  const raw = values[NAMESPACE_SYNC_PERIOD_FLAG] ?? NAMESPACE_FLAGS[NAMESPACE_SYNC_PERIOD_FLAG]!.default;
  return { syncPeriodMs: parseDuration(String(raw), NAMESPACE_SYNC_PERIOD_FLAG) };
}
