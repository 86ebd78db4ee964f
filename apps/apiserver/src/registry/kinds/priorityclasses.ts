/** PriorityClasses' hooks: the system classes (system-cluster-critical, system-node-critical) exist from the start. */
import { SYSTEM_PRIORITY_CLASSES, type ApiObject } from '@wheelhouse/api';
import { clone } from '../../object.js';
import type { KindHooks } from '../hooks.js';

/** The hooks of scheduling.k8s.io/v1 priorityclasses: the system classes created at start. */
export function priorityClassHooks(): KindHooks {
  return { initialObjects: () => SYSTEM_PRIORITY_CLASSES.map((pc) => clone(pc) as ApiObject) };
}
