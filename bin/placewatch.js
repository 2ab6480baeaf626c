#!/usr/bin/env node
// Entry point of the `placewatch` command: loads the TypeScript sources through tsx
// so that `npm ci` is the only set-up step (no separate build to forget).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
