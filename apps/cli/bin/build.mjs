#!/usr/bin/env node
// Builds the JavaScript the launcher starts (ADR 0013): one esbuild pass over the TypeScript
// sources, an entry per command that `wheelhouse up` starts as a child (each loads only the
// code and packages it needs) plus one for every other command, with shared chunks. npm
// packages are bundled too, except the native ones in EXTERNAL, which stay imports resolved
// from the repository's node_modules. Writes
// dist/bundle/<build>/ and then, atomically, dist/bundle/manifest.json: the entries and
// every input file's size, mtime and hash, which built.mjs checks before running anything.
// Run by the root `prepare` script (so `npm install` builds) and by the launcher when `up`
// or `start` finds the build missing or out of date.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { BUNDLE_DIR, MANIFEST_FORMAT, REPO_ROOT, entryFile } from './built.mjs';

/**
 * Commands with their own entry: [module (a workspace package or a path from the repository
 * root), exported command]. Each must be the same object as the `wheelhouse` subcommand of
 * that name (bundle.test.ts checks it). Any other command runs from the `wheelhouse` entry.
 */
export const ENTRIES = {
  up: ['apps/cli/src/up.ts', 'upCommand'],
  down: ['apps/cli/src/down.ts', 'downCommand'],
  store: ['@wheelhouse/store', 'storeCommand'],
  apiserver: ['@wheelhouse/apiserver', 'apiserverCommand'],
  scheduler: ['@wheelhouse/scheduler', 'schedulerCommand'],
  'controller-manager': ['@wheelhouse/controller-manager', 'controllerManagerCommand'],
  kubelet: ['@wheelhouse/kubelet', 'kubeletCommand'],
};

/**
 * npm packages imported from the repository's node_modules at run time rather than bundled:
 * native addons, which load their compiled binding from beside their own files. Every other
 * package is bundled: Node resolves, reads and wraps each CommonJS file of a package
 * separately (fastify, gRPC and protobufjs are hundreds of them), which was a third of a
 * component's start. The code paths of bundled packages that locate files next to
 * themselves (`__dirname`: pino's worker transports, gRPC's channelz protos) are not used.
 */
export const EXTERNAL = new Set(['lmdb']);

/**
 * The first lines of every output file: bundled CommonJS calls `require` (for Node's own
 * modules, and optional packages it probes), which an ES module lacks.
 */
const REQUIRE_BANNER =
  "import { createRequire as __wheelhouseCreateRequire } from 'node:module';\n" +
  'const require = __wheelhouseCreateRequire(import.meta.url);';

/** The entry running the whole `wheelhouse` command. */
const MAIN = 'apps/cli/src/main.ts';

/** Builds kept besides the current one (a process may be starting from the one before). */
const KEEP_PREVIOUS = 1;

/** The source of one entry: `run(argv)` resolving to the exit code. */
function entrySource(entries, main, command) {
  if (!command) return `export { main as run } from ${JSON.stringify(`./${main}`)};\n`;
  const [module, name] = entries[command];
  const from = module.startsWith('@') ? module : `./${module}`;
  return (
    "import { defineCommand, runCommand } from '@wheelhouse/flags';\n" +
    `import { ${name} as command } from ${JSON.stringify(from)};\n` +
    "const root = defineCommand({ name: 'wheelhouse', summary: '', flags: {}, subcommands: [command] });\n" +
    'export const run = (argv) => runCommand(root, argv);\n'
  );
}

/** The directory of `pkg` under the nearest node_modules above `dir` (up to `root`), if any. */
function installedAt(pkg, dir, root) {
  for (let d = dir; d.startsWith(root); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', pkg))) return d;
    if (d === root) break;
  }
  return undefined;
}

const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** esbuild plugin: entries as virtual modules, npm packages external, import.meta.url as in the source. */
function wheelhousePlugin(root, outDir, entries, main, external) {
  return {
    name: 'wheelhouse',
    setup(b) {
      b.onResolve({ filter: /^wheelhouse-entry:/ }, (args) => ({ path: args.path, namespace: 'entry' }));
      b.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => {
        const command = args.path.slice('wheelhouse-entry:'.length);
        return { contents: entrySource(entries, main, command), loader: 'js', resolveDir: root };
      });
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@wheelhouse/') || args.path.startsWith('node:')) return undefined;
        if (!external.has(packageName(args.path))) return undefined;
        // The bundle imports from the repository root: a package installed deeper would be another copy.
        const at = args.importer ? installedAt(packageName(args.path), dirname(args.importer), root) : root;
        if (at !== undefined && at !== root)
          return { errors: [{ text: `${args.path} is installed in ${relative(root, at)}, not the root` }] };
        return { external: true };
      });
      // A source that locates files next to itself (stage YAML, .proto) still finds them.
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        if (contents.includes('import.meta.url')) {
          const rel = relative(outDir, args.path).split(sep).join('/');
          contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Size, mtime and sha256 of a file, as the manifest records it. */
export function fileStamp(path) {
  const st = statSync(path);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { size: st.size, mtimeMs: st.mtimeMs, sha256 };
}

/** The package.json of every workspace package among the inputs (their `exports` steer resolution). */
function packageJsons(root, inputs) {
  const out = new Set();
  for (const input of inputs) {
    for (let d = dirname(resolve(root, input)); d.startsWith(root) && d !== root; d = dirname(d)) {
      if (existsSync(join(d, 'package.json'))) {
        out.add(relative(root, join(d, 'package.json')));
        break;
      }
    }
  }
  return [...out];
}

/**
 * Builds every entry into `<bundleDir>/<build>/` and writes the manifest. Options: `root`
 * (the repository), `bundleDir`, `entries` (default {@link ENTRIES}), `main` (the module
 * of the `wheelhouse` entry, from `root`), `external` (npm packages left as imports, default
 * {@link EXTERNAL}; the files of the bundled ones are inputs like the sources, so upgrading one
 * makes the build stale). Resolves to the manifest; throws when esbuild
 * reports an error (nothing is switched then).
 */
export async function build(opts = {}) {
  const root = opts.root ?? REPO_ROOT;
  const bundleDir = opts.bundleDir ?? BUNDLE_DIR;
  const entries = opts.entries ?? ENTRIES;
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outDir = join(bundleDir, id);
  const names = Object.keys(entries);
  await mkdir(bundleDir, { recursive: true });
  try {
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: [
        { in: 'wheelhouse-entry:', out: entryFile(undefined).replace(/\.mjs$/, '') },
        ...names.map((n) => ({ in: `wheelhouse-entry:${n}`, out: entryFile(n).replace(/\.mjs$/, '') })),
      ],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      keepNames: false,
      banner: { js: REQUIRE_BANNER },
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [wheelhousePlugin(root, outDir, entries, opts.main ?? MAIN, new Set(opts.external ?? EXTERNAL))],
    });
    const sources = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('entry:'));
    const self = relative(root, fileURLToPath(import.meta.url));
    const inputs = {};
    for (const p of [...sources, ...packageJsons(root, sources), self].sort()) inputs[p] = fileStamp(join(root, p));
    const manifest = { format: MANIFEST_FORMAT, build: id, commands: names, inputs };
    const tmp = join(bundleDir, `manifest.json.${id}.tmp`);
    await writeFile(tmp, `${JSON.stringify(manifest)}\n`);
    await rename(tmp, join(bundleDir, 'manifest.json'));
    await prune(bundleDir, id);
    return manifest;
  } catch (err) {
    await rm(outDir, { recursive: true, force: true });
    throw err;
  }
}

/** Removes builds but the current one and the {@link KEEP_PREVIOUS} before it. */
async function prune(bundleDir, current) {
  const builds = (await readdir(bundleDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && d.name !== current)
    .map((d) => ({ name: d.name, mtimeMs: statSync(join(bundleDir, d.name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of builds.slice(KEEP_PREVIOUS)) await rm(join(bundleDir, old.name), { recursive: true, force: true });
}

/** `node apps/cli/bin/build.mjs`: builds; a failure is reported and leaves the launcher on the sources. */
async function cli() {
  const t0 = Date.now();
  try {
    const m = await build();
    const files = Object.keys(m.inputs).length;
    process.stdout.write(
      `wheelhouse: built ${relative(process.cwd(), join(BUNDLE_DIR, m.build))} from ${files} files in ${Date.now() - t0} ms\n`,
    );
  } catch (err) {
    process.stderr.write(
      `wheelhouse: could not build (${err instanceof Error ? err.message : String(err)}); ` +
        'it runs from the TypeScript sources through tsx instead\n',
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli();
