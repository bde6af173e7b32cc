/**
 * GET /verif/files/:check/:blob: a check's file, decrypted as it streams, to the key that made the
 * check, while the URL's signature holds and until the purge; 404 to anything else.
 */
import { Readable } from 'node:stream'
import { OpenAPIHono } from '@hono/zod-openapi'
import { fail, send, setHeader } from '../http/respond.ts'
import { apiKey } from '../keys/auth.ts'
import type { PlanTable } from '../limits/plans.ts'
import type { Limits } from '../limits/service.ts'
import type { Store } from '../store/types.ts'
import { urlSignatureValid, type IdvKeys } from './crypto.ts'
import type { IdvStore } from './store.ts'
import type { Vault } from './vault.ts'
import '../keys/context.ts'
import { mount } from '../openapi/route.ts'
import { idvFileRoute } from './openapi.ts'

export function idvFileRoutes({
  store,
  idvStore,
  plans,
  limits,
  vault,
  keys,
  now,
}: {
  store: Store
  idvStore: IdvStore
  plans: PlanTable
  limits: Limits
  vault: Vault
  keys: () => Promise<IdvKeys>
  now: () => number
}): OpenAPIHono {
  const app = new OpenAPIHono()
  app.use('/verif/files/*', apiKey({ keys: store, limits, plans, now, scope: 'hosted' }))
  mount(app, idvFileRoute, async (c) => {
    const checkId = c.req.param('check')
    const blob = c.req.param('blob')
    const expires = Number(c.req.query('expires'))
    const signature = c.req.query('sig') ?? ''
    const path = `/verif/files/${checkId}/${blob}`
    const gone = () => fail(c, 'NOT_FOUND', 'no such file; files are deleted after the retention period')
    if (!Number.isInteger(expires) || expires * 1000 <= now()) return gone()
    if (!urlSignatureValid((await keys()).sign, path, expires, signature)) return gone()
    const record = await idvStore.getCheck(checkId)
    if (!record || !record.files || record.keyId !== c.var.apiKey.id) return gone()
    const file = Object.values(record.files).find((f) => f.blob === blob)
    if (!file) return gone()
    const stream = await vault.read(checkId, blob)
    if (!stream) return gone()
    setHeader(c, 'Content-Disposition', `attachment; filename="${file.fileName}"`)
    setHeader(c, 'Cache-Control', 'private, no-store')
    setHeader(c, 'X-Content-Type-Options', 'nosniff')
    return send(c, Readable.toWeb(stream) as ReadableStream, file.mime)
  })
  return app
}
