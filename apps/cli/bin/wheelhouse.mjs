#!/usr/bin/env node
// Launcher: Wheelhouse runs its TypeScript sources through tsx, so a fresh
// `npm install` is all it takes (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
// The command has finished (a server has stopped and flushed): exit even if a stray handle
// (a socket a peer keeps open, a timer) would keep Node running.
process.exit(code);
