#!/usr/bin/env node
// The `huma` admin CLI: runs the TypeScript entry through tsx.
import { register } from 'tsx/esm/api'

register()
await import('../server/cli/main.ts')
