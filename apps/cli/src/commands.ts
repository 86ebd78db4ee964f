import { defineCommand, type AnyCommand } from '@wheelhouse/flags';
import { storeCommand } from '@wheelhouse/store';
import { apiserverCommand } from '@wheelhouse/apiserver';

/**
 * `wheelhouse start`: starts the control plane. Until the launcher (`wheelhouse up`)
 * exists this starts the store alone, with the store's flags, and says so.
 */
export const startCommand: AnyCommand = defineCommand({
  name: 'start',
  summary: 'Start the control plane (for now: the etcd-compatible store only)',
  flags: storeCommand.flags,
  run: async (flags, positionals) => {
    process.stderr.write('wheelhouse start: only the store exists so far; starting it (the API server and the rest come in later releases)\n');
    await storeCommand.run?.(flags, positionals);
  },
});

/** The root `wheelhouse` command and every component under it. */
export const rootCommand: AnyCommand = defineCommand({
  name: 'wheelhouse',
  summary: 'Wheelhouse: a Kubernetes-style control plane on your machine.',
  flags: {},
  subcommands: [startCommand, storeCommand, apiserverCommand],
});
