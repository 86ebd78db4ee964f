import { controllerManagerCommand } from '@wheelhouse/controller-manager';
import { describe, expect, it } from 'vitest';
import { nodeLifecycleArgs } from './up-plan.js';
import { resolveTimings } from './timings.js';

describe('the controller manager flags up passes', () => {
  it('are flags the controller manager declares, with the timings up resolved', () => {
    const args = nodeLifecycleArgs(
      resolveTimings({
        kubernetesTimings: false,
        nodeMonitorGracePeriod: undefined,
        notReadyTolerationSeconds: undefined,
        unreachableTolerationSeconds: undefined,
      }),
    );
    const flags = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2));
    expect(flags).toEqual(['node-monitor-grace-period', 'node-monitor-period']);
    for (const flag of flags) expect(Object.keys(controllerManagerCommand.flags)).toContain(flag);
    expect(args[1]).toBe('10s');
  });
});
