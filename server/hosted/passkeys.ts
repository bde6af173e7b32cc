/**
 * The passkey step of the check (WebAuthn, by @simplewebauthn/server). The challenge of an invite is
 * derived from its code's hash under a server secret, so nothing is stored between the options and the
 * answer, and a challenge is good for that invite only (whose code is spent once). A person who already
 * has a passkey for this Huma uses it (`get`); otherwise the page makes one (`create`). Either way the
 * answer is the credential's id, checked by its signature; only a keyed hash of the id is kept.
 */
import { createHmac } from 'node:crypto'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import type { PasskeyResponse } from '../../shared/contracts/verifyyou.ts'
import type { HostedStore } from './store/types.ts'

export interface RelyingParty {
  /** the page's origin, as the browser reports it (https://huma.example, http://localhost:8787) */
  origin: string
  /** the host name without port: the passkey's scope */
  id: string
  /** shown by the browser when the passkey is made */
  name: string
}

export type PasskeyCheck = { ok: true; credentialId: string } | { ok: false; message: string }

export interface Passkeys {
  options(codeHash: string, rp: RelyingParty): Promise<{ create: unknown; get: unknown }>
  check(codeHash: string, rp: RelyingParty, answer: PasskeyResponse): Promise<PasskeyCheck>
}

export function createPasskeys(store: HostedStore, secretOf: () => Promise<Buffer>): Passkeys {
  const challengeOf = async (codeHash: string) =>
    new Uint8Array(
      createHmac('sha256', await secretOf())
        .update('webauthn-challenge\0')
        .update(codeHash)
        .digest(),
    )
  const expected = async (codeHash: string) => Buffer.from(await challengeOf(codeHash)).toString('base64url')
  const credentialHash = async (id: string) =>
    createHmac('sha256', await secretOf())
      .update('credential\0')
      .update(id)
      .digest('base64url')

  return {
    async options(codeHash, rp) {
      const challenge = await challengeOf(codeHash)
      const create = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        // the passkey's label on the person's device: no name of theirs is known, or wanted
        userName: 'Huma check',
        userDisplayName: 'Huma check',
        challenge,
        attestationType: 'none',
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
        timeout: 120_000,
      })
      const get = await generateAuthenticationOptions({
        rpID: rp.id,
        challenge,
        allowCredentials: [],
        userVerification: 'preferred',
        timeout: 120_000,
      })
      return { create, get }
    },
    async check(codeHash, rp, answer) {
      const common = {
        expectedChallenge: await expected(codeHash),
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
      }
      try {
        if (answer.kind === 'create') {
          const { kind: _kind, ...response } = answer
          const result = await verifyRegistrationResponse({
            ...common,
            response: { ...response, clientExtensionResults: {} } as never,
          })
          if (!result.verified) return { ok: false, message: 'the passkey could not be verified' }
          const { credential } = result.registrationInfo
          await store.savePasskey(await credentialHash(credential.id), {
            publicKey: Buffer.from(credential.publicKey).toString('base64url'),
            counter: credential.counter,
          })
          return { ok: true, credentialId: credential.id }
        }
        const stored = await store.passkey(await credentialHash(answer.id))
        if (!stored) return { ok: false, message: 'this passkey is not known here: make a new one' }
        const { kind: _kind, ...response } = answer
        const result = await verifyAuthenticationResponse({
          ...common,
          response: { ...response, clientExtensionResults: {} } as never,
          credential: {
            id: answer.id,
            publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
            counter: stored.counter,
          },
        })
        if (!result.verified) return { ok: false, message: 'the passkey could not be verified' }
        await store.savePasskey(await credentialHash(answer.id), {
          publicKey: stored.publicKey,
          counter: result.authenticationInfo.newCounter,
        })
        return { ok: true, credentialId: answer.id }
      } catch (error) {
        // the library throws on any mismatch (origin, challenge, signature): a failed check, in words
        return { ok: false, message: `the passkey was refused: ${(error as Error).message.slice(0, 200)}` }
      }
    },
  }
}
