import { defineCommand, type AnyCommand } from '@wheelhouse/flags';
import { storeCommand } from '@wheelhouse/store';
import { apiserverCommand } from '@wheelhouse/apiserver';
import { schedulerCommand } from '@wheelhouse/scheduler';
import { controllerManagerCommand } from '@wheelhouse/controller-manager';
import { kubeletCommand } from '@wheelhouse/kubelet';
import { startCommand } from './start.js';

/** The root `wheelhouse` command and every component under it. */
export const rootCommand: AnyCommand = defineCommand({
  name: 'wheelhouse',
  summary: 'Wheelhouse: a Kubernetes-style control plane on your machine.',
  flags: {},
  subcommands: [
    startCommand,
    storeCommand,
    apiserverCommand,
    schedulerCommand,
    controllerManagerCommand,
    kubeletCommand,
  ],
});
