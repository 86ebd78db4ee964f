import { runCommand } from '@wheelhouse/flags';
import { rootCommand } from './commands.js';

/** Runs `wheelhouse` with argv (without node and script); resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runCommand(rootCommand, argv);
}
