/**
 * Safe destinations (SSRF): a webhook URL must be https (http only to loopback, in development mode),
 * without credentials, and every address its host resolves to must be public: private, loopback,
 * link-local (cloud metadata at 169.254.169.254), shared, multicast and reserved ranges are refused.
 * The check runs when the destination is saved and again before every attempt, and the attempt
 * connects to the address that was checked (deliver.ts pins it), so a DNS answer that changes in between
 * cannot point it inside.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { MAX_DESTINATION_URL_LENGTH } from '../../shared/contracts/verifyyou.ts'

export interface DestinationPolicy {
  /** HUMA_DEV_MODE: loopback destinations (and http to them) are allowed */
  devMode: boolean
  /** DNS, replaceable in tests: every address of a host name */
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string }
export type Resolved = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string }

const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier NAT; Alibaba's metadata at 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: the metadata service of AWS, GCP, Azure, ...
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32], // Teredo
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (AWS's IPv6 metadata fd00:ec2::254)
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6')

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/** An IPv4 address written inside IPv6 (::ffff:a.b.c.d, ::a.b.c.d) as the IPv4 it is. */
function unwrap(address: string): { address: string; family: 4 | 6 } {
  const lower = address.toLowerCase()
  const dotted = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (dotted) return { address: dotted[1]!, family: 4 }
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (hex) {
    const hi = parseInt(hex[1]!, 16)
    const lo = parseInt(hex[2]!, 16)
    return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 4 }
  }
  return { address: lower, family: isIP(lower) === 4 ? 4 : 6 }
}

/** null when a request may go to `address`; otherwise why not. */
export function addressRefusal(address: string, devMode: boolean): string | null {
  const ip = unwrap(address)
  const type = ip.family === 4 ? 'ipv4' : 'ipv6'
  if (isIP(ip.address) === 0) return 'not an IP address'
  if (loopback.check(ip.address, type))
    return devMode ? null : 'a loopback address (allowed in development mode only)'
  if (blocked.check(ip.address, type)) return 'a private, link-local or reserved address'
  return null
}

/** The URL's own rules (no DNS): https, or http to loopback in development mode; no credentials. */
export function checkDestinationUrl(raw: string, { devMode }: DestinationPolicy): UrlCheck {
  if (raw.length > MAX_DESTINATION_URL_LENGTH)
    return { ok: false, reason: `must be at most ${MAX_DESTINATION_URL_LENGTH} characters` }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'must be an absolute URL' }
  }
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const isLoopbackName =
    host === 'localhost' ||
    (isIP(host) !== 0 && loopback.check(unwrap(host).address, unwrap(host).family === 4 ? 'ipv4' : 'ipv6'))
  if (url.protocol === 'http:') {
    if (!(devMode && isLoopbackName))
      return { ok: false, reason: 'must be https (http only to a loopback address in development mode)' }
  } else if (url.protocol !== 'https:') return { ok: false, reason: 'must be https' }
  if (isIP(host) !== 0) {
    const refusal = addressRefusal(host, devMode)
    if (refusal) return { ok: false, reason: `must not point at ${refusal}` }
  }
  if (host === 'localhost' && !devMode)
    return { ok: false, reason: 'must not point at a loopback address (allowed in development mode only)' }
  return { ok: true, url }
}

const systemLookup = (host: string) => dnsLookup(host, { all: true, verbatim: true })

/**
 * Resolves the URL's host and checks every address; answers the one to connect to. Any refused address
 * refuses the host: a name that resolves both outside and inside is not a destination.
 */
export async function resolveDestination(url: URL, policy: DestinationPolicy): Promise<Resolved> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: { address: string; family: number }[]
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }]
  else if (host === 'localhost') addresses = [{ address: '127.0.0.1', family: 4 }]
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host)
    } catch {
      return { ok: false, reason: `the host name does not resolve` }
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'the host name does not resolve' }
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, policy.devMode)
    if (refusal) return { ok: false, reason: `the host resolves to ${refusal}` }
  }
  const first = addresses[0]!
  return { ok: true, address: first.address, family: first.family === 4 ? 4 : 6 }
}

/** Both checks, for saving a destination. */
export async function checkDestination(raw: string, policy: DestinationPolicy): Promise<UrlCheck> {
  const checked = checkDestinationUrl(raw, policy)
  if (!checked.ok) return checked
  const resolved = await resolveDestination(checked.url, policy)
  return resolved.ok ? checked : { ok: false, reason: `must not point inside: ${resolved.reason}` }
}
