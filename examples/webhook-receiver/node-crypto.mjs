// A webhook receiver on plain node:http that checks Huma's Standard Webhooks signature with node:crypto.
//   HUMA_WEBHOOK_SECRET=whsec_... PORT=3000 node examples/webhook-receiver/node-crypto.mjs
import { Buffer } from 'node:buffer'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'

const secret = process.env.HUMA_WEBHOOK_SECRET // whsec_ + base64, from create_or_edit or rotate_secret
const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
const TOLERANCE_S = 5 * 60 // refuse old (replayed) deliveries
const handled = new Set() // webhook-ids already handled: delivery is at least once (keep these in your database)

/** The event, or null when the signature or the timestamp does not check out. */
function verify(headers, body) {
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signatures = headers['webhook-signature']
  if (!id || !timestamp || !signatures) return null
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_S) return null
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest()
  const valid = signatures.split(' ').some((signature) => {
    const [version, value = ''] = signature.split(',')
    const given = Buffer.from(value, 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
  return valid ? JSON.parse(body) : null
}

createServer((request, response) => {
  let body = ''
  request.setEncoding('utf8') // sign and check the exact bytes received: never a re-serialised JSON
  request.on('data', (chunk) => (body += chunk))
  request.on('end', () => {
    const event = verify(request.headers, body)
    if (!event) return response.writeHead(400).end()
    const id = request.headers['webhook-id']
    if (!handled.has(id)) {
      handled.add(id)
      if (event.type === 'USER_VERIFICATION_COMPLETED') {
        const { user_id, simple_data_request_response: result } = event.data
        console.log(`verified ${id}: ${user_id} scored ${result?.humanness_score}`)
      }
    }
    response.writeHead(204).end() // any 2xx; answer fast and do slow work afterwards
  })
}).listen(Number(process.env.PORT ?? 3000), () => console.log('webhook receiver listening'))
