import { describe, it, expect } from 'vitest';
import { defineCommand, parseFlags, runCommand, formatHelp, FlagError } from './index.js';

const cmd = defineCommand({
  name: 'store',
  summary: 'Runs the store.',
  flags: {
    'data-dir': { type: 'string', description: 'where data lives', default: 'default.etcd' },
    'log-level': { type: 'string', description: 'log level', default: 'info', choices: ['debug', 'info'] },
    quota: { type: 'number', description: 'bytes' },
    verbose: { type: 'boolean', description: 'talk more' },
    urls: { type: 'list', description: 'urls', default: ['http://127.0.0.1:2379'] },
  },
  positionals: [{ name: 'file', description: 'a file' }],
  run: () => undefined,
});

describe('parseFlags', () => {
  it('reads both --flag value and --flag=value, booleans, lists and positionals', () => {
    const p = parseFlags(cmd, ['--data-dir', '/d', '--quota=5', '--verbose', '--urls', 'a,b', '--urls=c', 'f']);
    expect(p.flags).toEqual({ 'data-dir': '/d', 'log-level': 'info', quota: 5, verbose: true, urls: ['a', 'b', 'c'] });
    expect(p.positionals).toEqual(['f']);
  });

  it('fills defaults and leaves unset flags undefined', () => {
    const p = parseFlags(cmd, []);
    expect(p.flags['data-dir']).toBe('default.etcd');
    expect(p.flags.quota).toBeUndefined();
  });

  it('rejects unknown flags, missing values, bad numbers and values outside the choices', () => {
    expect(() => parseFlags(cmd, ['--nope'])).toThrow("unknown flag: --nope (see 'store --help')");
    expect(() => parseFlags(cmd, ['--data-dir'])).toThrow('flag needs an argument: --data-dir');
    expect(() => parseFlags(cmd, ['--quota', 'x'])).toThrow('invalid argument "x" for "--quota" flag: not a number');
    expect(() => parseFlags(cmd, ['--log-level', 'loud'])).toThrow(FlagError);
  });
});

describe('short forms', () => {
  const kubectlish = defineCommand({
    name: 'get',
    summary: 'Gets.',
    flags: {
      namespace: { type: 'string', short: 'n', description: 'the namespace', placeholder: 'NS' },
      'all-namespaces': { type: 'boolean', short: 'A', description: 'every namespace', default: false },
    },
    run: () => undefined,
  });

  it('sets a flag from its short form, with a value after it or after =', () => {
    expect(parseFlags(kubectlish, ['-n', 'kube-system', '-A']).flags).toEqual({
      namespace: 'kube-system',
      'all-namespaces': true,
    });
    expect(parseFlags(kubectlish, ['-n=web']).flags.namespace).toBe('web');
    expect(parseFlags(kubectlish, ['-namespace', 'x']).flags.namespace).toBe('x');
  });

  it('does not take a short form after two dashes, and shows it in help', () => {
    expect(() => parseFlags(kubectlish, ['--n', 'x'])).toThrow("unknown flag: --n (see 'get --help')");
    expect(formatHelp(kubectlish)).toContain('-n, --namespace NS');
    expect(formatHelp(kubectlish)).toContain('-A, --all-namespaces');
  });
});

describe('runCommand', () => {
  const capture = () => {
    const io = { o: '', e: '', out: (t: string) => void (io.o += t), err: (t: string) => void (io.e += t) };
    return io;
  };

  it('dispatches to a subcommand and prints usage errors as one line with exit 2', async () => {
    let ran = '';
    const sub = defineCommand({
      name: 'a',
      summary: 'A',
      flags: { x: { type: 'string', description: 'x' } },
      run: (f) => void (ran = f.x ?? ''),
    });
    const root = defineCommand({ name: 'wheelhouse', summary: 'root', flags: {}, subcommands: [sub] });
    const io = capture();
    expect(await runCommand(root, ['a', '--x', 'hi'], io)).toBe(0);
    expect(ran).toBe('hi');
    expect(await runCommand(root, ['b'], io)).toBe(2);
    expect(io.e).toBe('Error: unknown command "b" for "wheelhouse" (see \'wheelhouse --help\')\n');
  });

  it('prints a one-line error and exit 1 when the command fails', async () => {
    const failing = defineCommand({
      name: 'f',
      summary: 'f',
      flags: {},
      run: () => {
        throw new Error('boom');
      },
    });
    const io = capture();
    expect(await runCommand(failing, [], io)).toBe(1);
    expect(io.e).toBe('Error: boom\n');
  });

  it('shows help with flags, defaults and choices', async () => {
    const io = capture();
    expect(await runCommand(cmd, ['--help'], io)).toBe(0);
    expect(io.o).toContain('--data-dir VALUE');
    expect(io.o).toContain('(default default.etcd)');
    expect(io.o).toContain('(one of debug, info)');
    expect(formatHelp(cmd)).toContain('store [file] [flags]');
  });
});
