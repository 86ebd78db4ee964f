export { main } from './main.js';
export { rootCommand } from './commands.js';
export { startCommand } from './start.js';
export { upCommand } from './up.js';
export {
  COMPONENT_NODE_FLAGS,
  SCHED_POLICY_ENV,
  launchComponent,
  schedulingPrefix,
  type Launch,
} from './node-flags.js';
