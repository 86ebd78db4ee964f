/** The annotations and names Kubernetes' volume binding uses on claims and volumes (pv_controller, volumebinding). */

/** On a claim: the node the scheduler chose for its first consumer (WaitForFirstConsumer provisioning). */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** On a claim: binding is complete. */
export const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
/** On a claim or volume: the controller (not the user) set volumeName / claimRef. */
export const BOUND_BY_CONTROLLER_ANNOTATION = 'pv.kubernetes.io/bound-by-controller';
/** On a claim: the provisioner asked to provision its volume. */
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
/** The beta spelling of {@link STORAGE_PROVISIONER_ANNOTATION}, still set by kube for older provisioners. */
export const BETA_STORAGE_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a volume: the provisioner that created it. */
export const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';
/** The provisioner of Wheelhouse's simulated storage (the `standard` StorageClass). */
export const SIMULATED_PROVISIONER = 'wheelhouse.dev/simulated';
/** On a claim or volume: its class, the beta spelling kube still reads before spec.storageClassName. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
