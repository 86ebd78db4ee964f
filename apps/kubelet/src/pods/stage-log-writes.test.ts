import type { PodStatus } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import type { CachedPod } from '../types.js';
import { stageLogWrites } from './stage-log-writes.js';

const running = (name: string, startedAt: string) => ({ name, state: { running: { startedAt } } });
const waiting = (name: string) => ({ name, state: { waiting: { reason: 'ContainerCreating' } } });
const podWith = (status: PodStatus) => ({ metadata: { name: 'p', uid: 'u1' }, status }) as unknown as CachedPod;

describe('where stage lines go', () => {
  it('to every container with a run once the stage played (a stage starting one writes to its new run)', () => {
    const before = podWith({ containerStatuses: [running('app', 't1'), waiting('side')] });
    const after: PodStatus = { containerStatuses: [running('app', 't1'), running('side', 't2')] };
    expect(stageLogWrites(before, after, [{ text: 'all' }, { text: 'side', container: 'side' }])).toEqual([
      { container: 'app', run: 't1', texts: ['all'] },
      { container: 'side', run: 't2', texts: ['all', 'side'] },
    ]);
  });

  it('to the run a stage ends, and nowhere for a container without a run', () => {
    const before = podWith({ containerStatuses: [running('app', 't1'), waiting('side')] });
    const after: PodStatus = {
      containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, startedAt: 't1' } } }, waiting('side')],
    };
    expect(stageLogWrites(before, after, [{ text: 'bye' }, { text: 'x', container: 'side' }])).toEqual([
      { container: 'app', run: 't1', texts: ['bye'] },
    ]);
  });
});
