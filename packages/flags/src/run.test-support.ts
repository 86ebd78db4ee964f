// A command for run.test.ts, run as its own process:
//   node --import tsx run.test-support.ts never|graceful
// `never`: run never settles and handles no signal. `graceful`: run awaits untilSignal() (asked
// for before its first await), prints `stopped by SIG...` and returns.
import { defineCommand } from './command.js';
import { runCommand } from './run.js';
import { untilSignal } from './signals.js';

const mode = process.argv[2];
const cmd = defineCommand({
  name: 'hold',
  summary: 'Runs until stopped.',
  flags: {},
  run: async () => {
    const stopped = mode === 'graceful' ? untilSignal() : new Promise<never>(() => undefined);
    process.stdout.write('running\n');
    const sig = await stopped;
    process.stdout.write(`stopped by ${sig}\n`);
  },
});
process.exitCode = await runCommand(cmd, []);
