/**
 * StorageClasses' hooks: the default class `standard` exists from the start, as kind ships
 * one: provisioned by Wheelhouse's simulated provisioner, bound once a pod is scheduled.
 */
import { DEFAULT_STORAGE_CLASS_ANNOTATION, SIMULATED_PROVISIONER, type ApiObject } from '@wheelhouse/api';
import type { KindHooks } from '../hooks.js';

/** The `standard` StorageClass created at start (a fresh object each call). */
export function standardStorageClass(): ApiObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' } },
    provisioner: SIMULATED_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** The hooks of storage.k8s.io/v1 storageclasses: `standard` created at start when missing. */
export function storageClassHooks(): KindHooks {
  return { initialObjects: () => [standardStorageClass()] };
}
