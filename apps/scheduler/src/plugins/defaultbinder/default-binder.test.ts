import { describe, expect, it } from 'vitest';
import { makePod } from '../../builders.test-support.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newFramework, RecordingWriter } from '../../framework/framework.test-support.js';
import { newPodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { newDefaultBinder } from './default-binder.js';

describe('DefaultBinder', () => {
  it('binds through the API and reports API errors as Error statuses', async () => {
    const writer = new RecordingWriter();
    const fwk = newFramework({ DefaultBinder: newDefaultBinder }, { bind: [{ name: 'DefaultBinder' }] }, { writer });
    const pod = newPodInfo(makePod('p').obj);
    expect(await fwk.runBindPlugins(new CycleState(), pod, 'n1')).toBeUndefined();
    expect(writer.calls).toEqual([{ op: 'bind', pod: 'p', arg: 'n1' }]);
    writer.failBind = new Error('pods "p" not found');
    const s = await fwk.runBindPlugins(new CycleState(), pod, 'n1');
    expect([s?.code, s?.message()]).toEqual([Code.Error, 'running Bind plugin "DefaultBinder": pods "p" not found']);
  });
});
