#!/usr/bin/env node
// Launcher: Wheelhouse runs its TypeScript sources through tsx, so a fresh
// `npm install` is all it takes (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
