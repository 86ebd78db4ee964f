/** DefaultBinder (Bind): POSTs a Binding to pods/{name}/binding through the API server. */
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type { BindPlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { asStatus, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** Binds through the handle's writer; an API error becomes an Error status. */
export class DefaultBinder implements BindPlugin {
  readonly name = Names.DefaultBinder;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult> {
    try {
      await this.handle.writer.bind(pod.pod, nodeName);
      return undefined;
    } catch (err) {
      return asStatus(err);
    }
  }
}

/** Factory for the registry. */
export const newDefaultBinder: PluginFactory = (_args, handle) => new DefaultBinder(handle);
