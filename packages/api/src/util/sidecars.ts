/**
 * A pod's sidecars: its init containers with restartPolicy Always (kube's
 * IsRestartableInitContainer), which start with the init containers and keep running
 * beside the containers; in spec order.
 */
export function sidecarContainers<C extends { readonly restartPolicy?: string | undefined }>(pod: {
  readonly spec?: { readonly initContainers?: readonly C[] | undefined } | undefined;
}): C[] {
  return (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
}
