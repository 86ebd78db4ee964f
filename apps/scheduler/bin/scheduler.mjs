#!/usr/bin/env node
// Launcher for the scheduler alone (until `wheelhouse scheduler` is wired into the CLI):
// runs the TypeScript sources through tsx, as apps/cli/bin/wheelhouse.mjs does.
import { register } from 'tsx/esm/api';

register();
const { runCommand } = await import('@wheelhouse/flags');
const { schedulerCommand } = await import('../src/main.ts');
process.exitCode = await runCommand(schedulerCommand, process.argv.slice(2));
