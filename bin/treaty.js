#!/usr/bin/env node
// `treaty` / `npx treaty`: runs the TypeScript CLI through tsx's loader (a compiled package comes with the standalone
// packaging; see the README's Treaty CLI section).
import { register } from 'tsx/esm/api';

register();
await import('../cli/index.ts');
