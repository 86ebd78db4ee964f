/** PriorityClasses' hooks: the system classes (system-cluster-critical, system-node-critical) exist from the start. */
import { deepClone } from '@wheelhouse/machinery';
import { SYSTEM_PRIORITY_CLASSES, type ApiObject } from '@wheelhouse/api';

import type { KindHooks } from '../hooks.js';

/** The hooks of scheduling.k8s.io/v1 priorityclasses: the system classes created at start. */
export function priorityClassHooks(): KindHooks {
  return { initialObjects: () => SYSTEM_PRIORITY_CLASSES.map((pc) => deepClone(pc) as ApiObject) };
}
