import { execFileSync } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '@wheelhouse/testing';
import { ENTRIES, build } from '../bin/build.mjs';
import { builtEntry, REPO_ROOT } from '../bin/built.mjs';
import { rootCommand } from './commands.js';

// The launcher's build (ADR 0013) over a small project of its own: it runs only while every
// file it was built from is unchanged.
describe('the launcher build', { timeout: 60_000 }, () => {
  let dir: TempDir;
  let root: string;
  let bundleDir: string;
  const run = async (command?: string): Promise<unknown> => {
    const entry = builtEntry(command, { root, bundleDir });
    if (!entry) return undefined;
    return ((await import(entry.url)) as { run: (argv: string[]) => Promise<unknown> }).run(['a', 'b']);
  };

  beforeEach(async () => {
    dir = await tempDir('wheelhouse-bundle-');
    root = join(dir.path, 'repo');
    bundleDir = join(root, 'dist');
    await import('node:fs/promises').then((fs) => fs.mkdir(root));
    await writeFile(
      join(root, 'main.ts'),
      "import { word } from './word.js';\nexport const main = (argv: string[]) => `${word} ${argv.length}`;\n",
    );
    await writeFile(join(root, 'word.ts'), "export const word: string = 'hello';\n");
    await build({ root, bundleDir, entries: {}, main: 'main.ts' });
  });
  afterEach(() => dir.cleanup());

  it('runs the built code while the sources are unchanged', async () => {
    expect(await run()).toBe('hello 2');
  });

  it('is not used once a source it was built from changes', async () => {
    await writeFile(join(root, 'word.ts'), "export const word: string = 'bye!!';\n");
    expect(builtEntry(undefined, { root, bundleDir })).toBeUndefined();
  });

  it('is still used when a source is touched but keeps its content (a checkout)', async () => {
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'word.ts'), later, later);
    expect(await run()).toBe('hello 2');
  });

  it('runs an inherited build without checking it again', async () => {
    const entry = builtEntry(undefined, { root, bundleDir })!;
    await writeFile(join(root, 'word.ts'), "export const word: string = 'bye!!';\n");
    expect(builtEntry(undefined, { root, bundleDir, inherited: entry.build })?.url).toBe(entry.url);
    expect(builtEntry(undefined, { root, bundleDir, inherited: 'gone' })).toBeUndefined();
  });

  it('keeps import.meta.url pointing at the source file (files found next to it)', async () => {
    await writeFile(join(root, 'data.txt'), 'beside the source');
    await writeFile(
      join(root, 'main.ts'),
      "import { readFileSync } from 'node:fs';\n" +
        "export const main = () => readFileSync(new URL('./data.txt', import.meta.url), 'utf8');\n",
    );
    await build({ root, bundleDir, entries: {}, main: 'main.ts' });
    expect(await run()).toBe('beside the source');
  });

  it('bundles npm packages, imports the external ones, and is stale once a bundled one changes', async () => {
    const pkg = async (name: string, body: string): Promise<void> => {
      const at = join(root, 'node_modules', name);
      await mkdir(at, { recursive: true });
      await writeFile(join(at, 'package.json'), JSON.stringify({ name, type: 'module', exports: './index.js' }));
      await writeFile(join(at, 'index.js'), body);
    };
    await pkg('inlined', "export const a = 'in';\n");
    await pkg('imported', "export const b = 'out';\n");
    await writeFile(
      join(root, 'main.ts'),
      "import { a } from 'inlined';\nimport { b } from 'imported';\nexport const main = () => `${a} ${b}`;\n",
    );
    await build({ root, bundleDir, entries: {}, main: 'main.ts', external: ['imported'] });
    const entry = builtEntry(undefined, { root, bundleDir })!;
    const code = await readFile(new URL(entry.url), 'utf8');
    expect(code).not.toMatch(/from ["']inlined["']/);
    expect(code).toMatch(/from ["']imported["']/);
    await writeFile(join(root, 'node_modules', 'inlined', 'index.js'), "export const a = 'IN';\n");
    expect(builtEntry(undefined, { root, bundleDir })).toBeUndefined();
  });

  it("runs a bundled CommonJS package that requires Node's modules and its own nested dependency", async () => {
    const pkg = async (at: string, name: string, body: string): Promise<void> => {
      await mkdir(at, { recursive: true });
      await writeFile(join(at, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
      await writeFile(join(at, 'index.js'), body);
    };
    const outer = join(root, 'node_modules', 'outer');
    await pkg(
      outer,
      'outer',
      "const { basename } = require('node:path');\nmodule.exports = basename('/x/' + require('inner'));\n",
    );
    await pkg(
      join(outer, 'node_modules', 'inner'),
      'inner',
      "module.exports = require('util').format('%s.txt', 'b');\n",
    );
    await writeFile(join(root, 'main.ts'), "import outer from 'outer';\nexport const main = () => outer;\n");
    await build({ root, bundleDir, entries: {}, main: 'main.ts' });
    const entry = builtEntry(undefined, { root, bundleDir })!;
    expect(await readFile(new URL(entry.url), 'utf8')).not.toMatch(/from ["']outer["']/);
    // In a plain Node process, as the launcher runs it (vitest's workers define a global `require`).
    const script = `const m = await import(${JSON.stringify(entry.url)}); process.stdout.write(String(await m.run([])));`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })).toBe('b.txt');
  });

  it('fails without switching when a source does not compile', async () => {
    const before = await readFile(join(bundleDir, 'manifest.json'), 'utf8');
    await writeFile(join(root, 'word.ts'), 'export const word = ;\n');
    await expect(build({ root, bundleDir, entries: {}, main: 'main.ts' })).rejects.toThrow(/word\.ts/);
    expect(await readFile(join(bundleDir, 'manifest.json'), 'utf8')).toBe(before);
  });
});

describe('the build entries', () => {
  it.each(Object.entries(ENTRIES))(
    '%s runs the very command `wheelhouse %s` runs',
    async (name, [module, exported]) => {
      const mod = (await import(module.startsWith('@') ? module : join(REPO_ROOT, module))) as Record<string, unknown>;
      expect(mod[exported]).toBe(rootCommand.subcommands?.find((c) => c.name === name));
    },
  );
});
