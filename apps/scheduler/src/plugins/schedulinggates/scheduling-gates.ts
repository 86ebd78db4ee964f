/** SchedulingGates (PreEnqueue): a pod with spec.schedulingGates stays out of the active queue. */
import type { Pod } from '@wheelhouse/api';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interfaces.js';
import type { PluginFactory } from '../../framework/registry.js';
import { unresolvable, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** Gates pods until their scheduling gates are all removed. */
export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = Names.SchedulingGates;

  preEnqueue(pod: Pod): StatusResult {
    const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name ?? '');
    if (gates.length === 0) return undefined;
    return unresolvable(`waiting for scheduling gates: [${gates.join(' ')}]`);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'UnscheduledPod', actionType: Action.UpdatePodSchedulingGatesEliminated },
        hint: (pod, _old, updated) =>
          (updated as Pod | undefined)?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip',
      },
    ];
  }
}

/** Factory for the registry. */
export const newSchedulingGates: PluginFactory = () => new SchedulingGates();
