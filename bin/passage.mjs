#!/usr/bin/env node
// Package bin: runs the TypeScript CLI in this same process through tsx's loader (a runtime dependency), so
// no build step is needed and signals reach Passage directly: `passage start` under systemd or a container
// gets SIGTERM itself and shuts down cleanly (the `tsx` command would run a child and kill it if it lingers).
import { register } from 'tsx/esm/api';

register();
await import('../cli/passage.ts');
