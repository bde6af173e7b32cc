/** Reads the environment once, for server/main.ts and the CLI. */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MIN_TOKEN_LENGTH } from './admin/access.ts'
import { DEFAULT_CHALLENGE_BITS, MAX_CHALLENGE_BITS } from './challenge/service.ts'
import { loadPlans, type PlanTable } from './limits/plans.ts'
import type { ChallengeMode } from './verify/scorer.ts'
import type { StoreConfig } from './store/index.ts'

export interface Config {
  port: number
  host: string
  store: StoreConfig
  plans: PlanTable
  tokenTtlDays: number
  /** HUMA_DEMO: the demo page's sign-up and its key; on by default on the embedded store only */
  demo: boolean
  /** HUMA_CHALLENGE (off, optional, required) and HUMA_CHALLENGE_BITS: the snippet's proof of work */
  challenge: { mode: ChallengeMode | 'off'; bits: number }
  /** HUMA_DEV_MODE: development mode (webhook destinations may be loopback, over http); off by default */
  devMode: boolean
  /** HUMA_ADMIN_TOKEN (at least 32 characters) and HUMA_ADMIN_REMOTE: the dashboard at /admin */
  admin: { token?: string; remote: boolean }
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, not ${JSON.stringify(value)}`)
  return n
}

/** `data/` in the Huma folder, wherever the server or the CLI is started from. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data', import.meta.url))

/** HUMA_DATA_DIR as an absolute path (a relative one is taken from the current folder), else the default. */
export function resolveDataDir(value: string | undefined, cwd = process.cwd()): string {
  return value ? resolve(cwd, value) : DEFAULT_DATA_DIR
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: positiveInt('PORT', env.PORT, 8787),
    host: env.HOST ?? '0.0.0.0',
    store: { url: env.HUMA_STORE, dataDir: resolveDataDir(env.HUMA_DATA_DIR) },
    plans: loadPlans(env.HUMA_PLANS),
    tokenTtlDays: positiveInt('HUMA_TOKEN_TTL_DAYS', env.HUMA_TOKEN_TTL_DAYS, 365),
    demo: demoEnabled(env.HUMA_DEMO, env.HUMA_STORE),
    admin: adminConfig(env.HUMA_ADMIN_TOKEN, env.HUMA_ADMIN_REMOTE),
    challenge: {
      mode: challengeMode(env.HUMA_CHALLENGE),
      bits: Math.min(
        positiveInt('HUMA_CHALLENGE_BITS', env.HUMA_CHALLENGE_BITS, DEFAULT_CHALLENGE_BITS),
        MAX_CHALLENGE_BITS,
      ),
    },
    devMode: onOff('HUMA_DEV_MODE', env.HUMA_DEV_MODE, false),
  }
}

function onOff(name: string, value: string | undefined, fallback: boolean): boolean {
  const setting = (value ?? '').toLowerCase()
  if (['on', '1', 'true'].includes(setting)) return true
  if (['off', '0', 'false'].includes(setting)) return false
  if (setting) throw new Error(`${name} must be on or off, not ${JSON.stringify(value)}`)
  return fallback
}

function adminConfig(token: string | undefined, remote: string | undefined): Config['admin'] {
  if (token !== undefined && token !== '' && token.length < MIN_TOKEN_LENGTH)
    throw new Error(`HUMA_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (it unlocks every key)`)
  const open = ['1', 'on', 'true'].includes((remote ?? '').toLowerCase())
  return token ? { token, remote: open } : { remote: open }
}

function challengeMode(value: string | undefined): ChallengeMode | 'off' {
  const mode = (value ?? 'optional').toLowerCase()
  if (mode === 'off' || mode === 'optional' || mode === 'required') return mode
  throw new Error(`HUMA_CHALLENGE must be off, optional or required, not ${JSON.stringify(value)}`)
}

/** The demo's sign-up: on by default on the embedded store, opt-in on a shared one (instances behind a load balancer rarely want a public demo). */
function demoEnabled(value: string | undefined, storeUrl: string | undefined): boolean {
  const setting = (value ?? '').toLowerCase()
  if (['on', '1', 'true'].includes(setting)) return true
  if (['off', '0', 'false'].includes(setting)) return false
  if (setting) throw new Error(`HUMA_DEMO must be on or off, not ${JSON.stringify(value)}`)
  return !storeUrl || storeUrl === 'embedded'
}
