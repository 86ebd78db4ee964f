import { describe, expect, it } from 'vitest';
import { defineCommand } from './command.js';
import { VerbatimError } from './errors.js';
import { formatHelp } from './help.js';
import { runCommand, type Io } from './run.js';

function capture(): Io & { text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return { text, out: (t) => (text.out += t), err: (t) => (text.err += t) };
}

const cmd = defineCommand({
  name: 'get',
  summary: 'Gets things.',
  flags: {},
  positionals: [
    { name: 'TYPE', description: 'the type', required: true },
    { name: 'NAME', description: 'names', variadic: true },
  ],
  run: (_f, args) => {
    if (args.includes('missing')) throw new VerbatimError('Error from server (NotFound): pods "missing" not found');
  },
});

describe('runCommand output', () => {
  it("prints a VerbatimError's message as it is, exit code 1", async () => {
    const io = capture();
    expect(await runCommand(cmd, ['pods', 'a', 'missing'], io)).toBe(1);
    expect(io.text.err).toBe('Error from server (NotFound): pods "missing" not found\n');
  });

  it('takes any number of arguments into a variadic last positional, and shows it with ...', async () => {
    expect(await runCommand(cmd, ['pods', 'a', 'b', 'c'], capture())).toBe(0);
    expect(formatHelp(cmd)).toContain('get <TYPE> [NAME]... [flags]');
  });
});
