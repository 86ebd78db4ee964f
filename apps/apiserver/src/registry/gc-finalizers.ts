/** The garbage collector's finalizers (metav1.FinalizerOrphanDependents / FinalizerDeleteDependents). */

/** Orphan deletion: the object stays until the garbage collector has removed the owner references to it from its dependents. */
export const ORPHAN_FINALIZER = 'orphan';
/** Foreground deletion: the object stays until the garbage collector has deleted its dependents. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
