#!/usr/bin/env node
// Kopir runs its TypeScript sources directly through tsx: no separate server build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
