/**
 * A software passkey authenticator for route tests: it answers the hosted check's `create` options as a
 * platform authenticator would (an ES256 key pair, "none" attestation), so a check with a passkey can be
 * completed over HTTP without a browser. The server checks it with @simplewebauthn/server like any other.
 * test/hosted-browser.test.ts does the same with Chromium's virtual authenticator.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import type { PasskeyResponse } from '../../shared/contracts/verifyyou.ts'

/** The few CBOR items WebAuthn's attestation object needs: integers, byte and text strings, maps. */
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length]
  if (length < 256) return [(major << 5) | 24, length]
  return [(major << 5) | 25, length >> 8, length & 255]
}

export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return Buffer.from(value >= 0 ? head(0, value) : head(1, -1 - value))
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([Buffer.from(head(3, bytes.length)), bytes])
  }
  if (value instanceof Uint8Array) return Buffer.concat([Buffer.from(head(2, value.length)), value])
  const parts: Uint8Array[] = [Buffer.from(head(5, value.size))]
  for (const [k, v] of value) parts.push(cbor(k), cbor(v))
  return Buffer.concat(parts)
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

/** A `create` answer to the options' challenge, for the relying party `rpId` at `origin`. */
export function softPasskey(challenge: string, rpId: string, origin: string): PasskeyResponse {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string }
  const credentialId = randomBytes(16)
  const coseKey = new Map<Cbor, Cbor>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x, 'base64url')],
    [-3, Buffer.from(jwk.y, 'base64url')],
  ])
  const length = Buffer.alloc(2)
  length.writeUInt16BE(credentialId.length)
  const authData = Buffer.concat([
    createHash('sha256').update(rpId).digest(),
    Buffer.from([0x45]), // user present, user verified, attested credential data
    Buffer.alloc(4), // sign count
    Buffer.alloc(16), // AAGUID
    length,
    credentialId,
    cbor(coseKey),
  ])
  const attestationObject = cbor(
    new Map<Cbor, Cbor>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  )
  const clientData = JSON.stringify({ type: 'webauthn.create', challenge, origin, crossOrigin: false })
  return {
    kind: 'create',
    id: b64(credentialId),
    rawId: b64(credentialId),
    type: 'public-key',
    response: {
      clientDataJSON: b64(Buffer.from(clientData)),
      attestationObject: b64(attestationObject),
      transports: ['internal'],
    },
  }
}
