#!/usr/bin/env node
// `wheelhouse kubelet` on its own (for benchmarks and launchers): runs the TypeScript
// sources through tsx, as apps/cli/bin/wheelhouse.mjs does. Flags as `wheelhouse kubelet`.
import { register } from 'tsx/esm/api';

register();
const { runCommand } = await import('@wheelhouse/flags');
const { kubeletCommand } = await import('../src/main.ts');
process.exitCode = await runCommand(kubeletCommand, process.argv.slice(2));
