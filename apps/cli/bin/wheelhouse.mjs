#!/usr/bin/env node
// Launcher (ADR 0013): runs the JavaScript built from the sources (`npm install` builds it)
// when it is up to date, else the TypeScript sources through tsx. `up` and `start`, which
// start several processes, rebuild a missing or outdated build first (about a second).
// Environment: WHEELHOUSE_FROM_SOURCES=1 always runs the sources; WHEELHOUSE_WAIT_FOR=URL
// (set by `up` for its children) loads the command's code at once but runs it only once GET
// URL answers 200, so a component is ready to go the moment the one it needs serves.
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUILD_ENV, builtEntry } from './built.mjs';

/** Commands worth a rebuild: each of their children would otherwise compile the sources again. */
const REBUILD_FOR = new Set(['up', 'start']);

/** How often WHEELHOUSE_WAIT_FOR is asked. */
const WAIT_POLL_MS = 25;

async function rebuilt(command) {
  if (!REBUILD_FOR.has(command)) return undefined;
  try {
    const { build } = await import('./build.mjs');
    await build();
    return builtEntry(command);
  } catch (err) {
    process.stderr.write(
      `wheelhouse: could not build (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); ` +
        'running the TypeScript sources\n',
    );
    return undefined;
  }
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/main.ts')).main;
}

/** Whether GET `url` answers 200 (any failure: false). */
function answers200(url) {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function waitFor(url) {
  while (!(await answers200(url))) await sleep(WAIT_POLL_MS);
}

const argv = process.argv.slice(2);
let entry;
if (process.env.WHEELHOUSE_FROM_SOURCES !== '1') {
  entry = builtEntry(argv[0], { inherited: process.env[BUILD_ENV] }) ?? (await rebuilt(argv[0]));
  // The processes this one starts run the same build, unchecked.
  if (entry) process.env[BUILD_ENV] = entry.build;
}
const run = entry ? (await import(entry.url)).run : await fromSources();
const waitForUrl = process.env.WHEELHOUSE_WAIT_FOR;
if (waitForUrl) {
  delete process.env.WHEELHOUSE_WAIT_FOR;
  await waitFor(waitForUrl);
}
const code = await run(argv);
// The command has finished (a server has stopped and flushed): exit even if a stray handle
// (a socket a peer keeps open, a timer) would keep Node running.
process.exit(code);
