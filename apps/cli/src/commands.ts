import { defineCommand, type AnyCommand } from '@wheelhouse/flags';
import { storeCommand } from '@wheelhouse/store';
import { apiserverCommand } from '@wheelhouse/apiserver';
import { schedulerCommand } from '@wheelhouse/scheduler';
import { controllerManagerCommand } from '@wheelhouse/controller-manager';
import { kubeletCommand } from '@wheelhouse/kubelet';
import { startCommand } from './start.js';
import { upCommand } from './up.js';
import { downCommand } from './down.js';
import { statusCommand } from './status.js';
import { nodeCommand } from './node.js';
import { logsCommand } from './logs.js';
import { applyCommand } from './kubectl/apply.js';
import { getCommand } from './kubectl/get.js';
import { deleteCommand } from './kubectl/delete.js';
import { scaleCommand } from './kubectl/scale.js';
import { cordonCommand, uncordonCommand } from './kubectl/cordon.js';
import { drainCommand } from './kubectl/drain.js';
import { rolloutCommand } from './kubectl/rollout.js';
import { eventsCommand } from './kubectl/events.js';
import { describeCommand } from './kubectl/describe.js';

/** The root `wheelhouse` command and every component under it. */
export const rootCommand: AnyCommand = defineCommand({
  name: 'wheelhouse',
  summary: 'Wheelhouse: a Kubernetes-style control plane on your machine.',
  flags: {},
  subcommands: [
    upCommand,
    downCommand,
    statusCommand,
    nodeCommand,
    logsCommand,
    applyCommand,
    getCommand,
    deleteCommand,
    scaleCommand,
    cordonCommand,
    uncordonCommand,
    drainCommand,
    rolloutCommand,
    eventsCommand,
    describeCommand,
    startCommand,
    storeCommand,
    apiserverCommand,
    schedulerCommand,
    controllerManagerCommand,
    kubeletCommand,
  ],
});
