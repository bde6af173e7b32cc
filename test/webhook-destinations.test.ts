/**
 * Safe destinations (SSRF): what a webhook URL may be, what its host may resolve to, and that an attempt
 * connects to the address that was checked.
 */
import { describe, expect, it } from 'vitest'
import { sendAttempt } from '../server/webhooks/deliver.ts'
import {
  addressRefusal,
  checkDestination,
  checkDestinationUrl,
  type DestinationPolicy,
} from '../server/webhooks/destination.ts'
import { startReceiver } from './helpers/receiver.ts'

const dns =
  (table: Record<string, string[]>): NonNullable<DestinationPolicy['lookup']> =>
  async (host) => {
    const found = table[host]
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

const production: DestinationPolicy = {
  devMode: false,
  lookup: dns({
    'hooks.example.com': ['93.184.215.14'],
    'v6.example.com': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'metadata.google.internal': ['169.254.169.254'],
    'sneaky.example.com': ['93.184.215.14', '10.0.0.5'],
    'rebind.example.com': ['127.0.0.1'],
  }),
}

describe('webhook destination URLs', () => {
  it.each([
    ['http://hooks.example.com/x', 'must be https (http only to a loopback address in development mode)'],
    ['ftp://hooks.example.com/x', 'must be https'],
    ['hooks.example.com/x', 'must be an absolute URL'],
    ['https://user:pass@hooks.example.com/x', 'must not carry a user name or password'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('refuses %s: %s', (url, reason) => {
    expect(checkDestinationUrl(url, production)).toEqual({ ok: false, reason })
  })

  it.each([
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.100.100.200/',
    'https://0.0.0.0/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://localhost/',
    'https://224.0.0.1/',
  ])('refuses %s, an address inside', (url) => {
    const checked = checkDestinationUrl(url, production)
    expect(checked.ok).toBe(false)
  })

  it('refuses a name that resolves to metadata, to a private address among public ones, or not at all', async () => {
    for (const [url, reason] of [
      ['https://metadata.google.internal/', 'a private, link-local or reserved address'],
      ['https://sneaky.example.com/', 'a private, link-local or reserved address'],
      ['https://rebind.example.com/', 'a loopback address (allowed in development mode only)'],
      ['https://nowhere.example.com/', 'does not resolve'],
    ] as const) {
      const checked = await checkDestination(url, production)
      expect(checked.ok, url).toBe(false)
      if (!checked.ok) expect(checked.reason).toContain(reason)
    }
  })

  it('accepts https to a public name or address', async () => {
    for (const url of [
      'https://hooks.example.com/webhooks/verifyyou',
      'https://v6.example.com/',
      'https://93.184.215.14:8443/h',
    ])
      expect((await checkDestination(url, production)).ok, url).toBe(true)
  })

  it('allows loopback, over http too, only in development mode', async () => {
    const dev: DestinationPolicy = { ...production, devMode: true }
    for (const url of ['http://127.0.0.1:8080/hooks', 'http://localhost:3000/h', 'http://[::1]:9/h']) {
      expect((await checkDestination(url, dev)).ok, url).toBe(true)
      expect((await checkDestination(url, production)).ok, url).toBe(false)
    }
    // development mode opens loopback, not the rest of the inside, and not http elsewhere
    expect((await checkDestination('https://10.0.0.1/', dev)).ok).toBe(false)
    expect((await checkDestination('https://169.254.169.254/', dev)).ok).toBe(false)
    expect((await checkDestination('http://hooks.example.com/', dev)).ok).toBe(false)
  })

  it('knows the ranges: public is fine, the rest is not', () => {
    expect(addressRefusal('8.8.8.8', false)).toBeNull()
    expect(addressRefusal('2001:4860:4860::8888', false)).toBeNull()
    for (const inside of [
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.0.1',
      '100.64.0.1',
      '::ffff:192.168.0.1',
      'fc00::1',
      'ff02::1',
      '64:ff9b::a00:1',
    ])
      expect(addressRefusal(inside, true), inside).not.toBeNull()
  })
})

describe('an attempt', () => {
  it('connects to the address the check resolved, whatever the name is (the address is pinned)', async () => {
    const receiver = await startReceiver()
    try {
      const policy: DestinationPolicy = { devMode: true, lookup: dns({ 'receiver.test': ['127.0.0.1'] }) }
      const result = await sendAttempt(
        {
          url: `http://receiver.test:${receiver.port}/hooks`,
          secret: 'whsec_AAAA',
          id: 'msg_a',
          body: '{}',
          now: Date.now(),
        },
        policy,
      )
      expect(result).toEqual({ ok: true, status: 204 })
      expect(receiver.received[0]!.headers.host).toBe(`receiver.test:${receiver.port}`)
    } finally {
      await receiver.close()
    }
  })

  it('is refused, with nothing sent, when the name resolves inside by the time it runs', async () => {
    const receiver = await startReceiver()
    try {
      // saved while the name was public; now it points at this machine (DNS rebinding)
      const policy: DestinationPolicy = {
        devMode: false,
        lookup: dns({ 'hooks.example.com': ['127.0.0.1'] }),
      }
      const result = await sendAttempt(
        {
          url: `https://hooks.example.com:${receiver.port}/hooks`,
          secret: 'whsec_AAAA',
          id: 'msg_a',
          body: '{}',
          now: Date.now(),
        },
        policy,
      )
      expect(result).toMatchObject({
        ok: false,
        status: null,
        error: expect.stringContaining('refused: the host resolves to a loopback address'),
      })
      expect(receiver.received).toEqual([])
    } finally {
      await receiver.close()
    }
  })
})
