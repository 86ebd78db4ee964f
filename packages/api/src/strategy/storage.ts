/**
 * Strategies of PersistentVolumes and PersistentVolumeClaims: both have a status
 * subresource, start in phase Pending (a client's status is dropped on create), and keep
 * their status on main-resource updates, as kube-apiserver's persistentvolume(claim) strategies.
 */
import { makeStrategy, type UpdateStrategy } from './strategy.js';

/** PersistentVolumes: status {phase: Pending} on create; status only through /status. */
export const PERSISTENT_VOLUME_STRATEGY: UpdateStrategy = makeStrategy({ initialStatus: () => ({ phase: 'Pending' }) });

/** PersistentVolumeClaims: status {phase: Pending} on create; status only through /status. */
export const PERSISTENT_VOLUME_CLAIM_STRATEGY: UpdateStrategy = makeStrategy({
  initialStatus: () => ({ phase: 'Pending' }),
});
