/** POST /api/v1/tokens/verify and GET /.well-known/jwks.json: checking audit tokens later. */
import { OpenAPIHono } from '@hono/zod-openapi'
import { describeIssue, tokenVerifyRequestSchema, type TokenVerifyResponse } from '../../shared/api.ts'
import { normaliseUserId } from '../../shared/user-id.ts'
import { fail, readJson, respond, setHeader } from '../http/respond.ts'
import type { KeyStore } from '../keys/store.ts'
import { constantTimeEqual } from '../secrets/compare.ts'
import type { TokenService } from './service.ts'
import type { UserHasher } from '../secrets/user-hash.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { jwksRouteDoc, verifyTokenRoute } from './openapi.ts'

export interface TokenRouteOptions {
  tokens: TokenService
  userHasher: () => Promise<UserHasher>
  /** where the revocation of the key a token was issued under is read */
  store: Pick<KeyStore, 'findKeyById'>
}

/**
 * Whether the token is for `userId`: its normalised form (what verify binds since ids are normalised),
 * or the id as given (what tokens issued before that bound).
 */
function matches(hash: UserHasher, keyId: string, userId: string, userHash: string): boolean {
  const normal = normaliseUserId(userId)
  const now = constantTimeEqual(hash(keyId, normal), userHash)
  return normal === userId ? now : constantTimeEqual(hash(keyId, userId), userHash) || now
}

export function tokenVerifyRoute({ tokens, userHasher, store }: TokenRouteOptions): OpenAPIHono {
  return mount(new OpenAPIHono(), verifyTokenRoute, async (c) => {
    const body = await readJson(c)
    const parsed = tokenVerifyRequestSchema.safeParse(body)
    if (!parsed.success) return fail(c, 'INVALID_REQUEST', describeIssue(parsed.error, body))
    const { token, userId } = parsed.data
    const check = await tokens.check(token)
    setHeader(c, 'Cache-Control', 'no-store')
    if (!check.valid)
      return respond(c, { valid: false, reason: check.reason } satisfies TokenVerifyResponse, 200)
    // Only the key a token was issued under may match it to a userId: anyone else holding a token
    // could otherwise test guessed userIds against it.
    const own = check.claims.key_id === c.var.apiKey.id
    const userMatch =
      userId === undefined || !own
        ? null
        : matches(await userHasher(), check.claims.key_id, userId, check.userHash)
    // a revoked key's tokens are authentic, but may have been minted by whoever leaked the key
    const issuer = await store.findKeyById(check.claims.key_id)
    const keyRevoked = issuer !== null && issuer.revokedAt !== null
    return respond(
      c,
      {
        valid: true,
        claims: check.claims,
        user_match: userMatch,
        key_revoked: keyRevoked,
      } satisfies TokenVerifyResponse,
      200,
    )
  })
}

export function jwksRoute({ tokens }: Pick<TokenRouteOptions, 'tokens'>): OpenAPIHono {
  return mount(new OpenAPIHono(), jwksRouteDoc, async (c) => {
    setHeader(c, 'Cache-Control', 'public, max-age=300')
    return respond(c, await tokens.jwks(), 200)
  })
}
