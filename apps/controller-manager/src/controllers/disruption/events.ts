/**
 * The disruption controller's events, with kube-controller-manager's reasons and messages (it
 * reports as "controllermanager").
 */
import { goLabelSelectorString, type LabelSelector } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** The component kube's disruption controller records events as. */
export const COMPONENT = 'controllermanager';

/** The UnmanagedPods warning's message. */
export function unmanagedPodsMessage(selector: DeepReadonly<LabelSelector> | undefined): string {
  return (
    `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(selector)}) were found ` +
    'to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in ' +
    'undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.'
  );
}

/** The MultiplePodDisruptionBudgets warning's message (Go's %q quoting). */
export function multipleBudgetsMessage(namespace: string, pod: string, chosen: string): string {
  const q = (s: string): string => JSON.stringify(s);
  return `Pod ${q(namespace)}/${q(pod)} matches multiple PodDisruptionBudgets.  Chose ${q(chosen)} arbitrarily.`;
}

/** The NotDeleted warning's message; kube names the budget's namespace twice, and so does this. */
export function notDeletedMessage(namespace: string): string {
  return `Pod was expected by PDB ${namespace}/${namespace} to be deleted but it wasn't`;
}
