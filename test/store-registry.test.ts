import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { STORES, storeKind } from '../server/store/index.ts'

const STORE_DIR = join(import.meta.dirname, '..', 'server', 'store')

describe('store registry', () => {
  it('picks the store kind from HUMA_STORE', () => {
    expect(storeKind(undefined)).toBe('embedded')
    expect(storeKind('embedded')).toBe('embedded')
    expect(storeKind('redis://127.0.0.1:6379/0')).toBe('redis')
    expect(storeKind('rediss://user:pw@redis.example:6380/2')).toBe('redis')
  })

  it('refuses an unknown store without echoing its password', () => {
    expect(() => storeKind('mysql://admin:hunter2@db/huma')).toThrow(
      /unsupported store "mysql:\/\/\*\*\*@db\/huma"/,
    )
  })

  it('registers every store the folder defines', () => {
    const index = readFileSync(join(STORE_DIR, 'index.ts'), 'utf8')
    const openers = readdirSync(STORE_DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [
        ...readFileSync(join(STORE_DIR, f), 'utf8').matchAll(/export function (open\w+Store)\(/g),
      ])
      .map((m) => m[1]!)
    expect(openers.length).toBe(Object.keys(STORES).length)
    for (const opener of openers) expect(index).toContain(`${opener}(`)
  })
})
