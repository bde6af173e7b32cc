// The same receiver with the `standardwebhooks` package (npm install standardwebhooks).
//   HUMA_WEBHOOK_SECRET=whsec_... PORT=3000 node examples/webhook-receiver/standardwebhooks.mjs
import { createServer } from 'node:http'
import { Webhook } from 'standardwebhooks'

const webhook = new Webhook(process.env.HUMA_WEBHOOK_SECRET) // whsec_...
const handled = new Set() // webhook-ids already handled: delivery is at least once

createServer((request, response) => {
  let body = ''
  request.setEncoding('utf8')
  request.on('data', (chunk) => (body += chunk))
  request.on('end', () => {
    let event
    try {
      event = webhook.verify(body, request.headers) // checks the signature and the timestamp's age
    } catch {
      return response.writeHead(400).end()
    }
    const id = request.headers['webhook-id']
    if (!handled.has(id)) {
      handled.add(id)
      if (event.type === 'USER_VERIFICATION_COMPLETED') {
        const { user_id, simple_data_request_response: result } = event.data
        console.log(`verified ${id}: ${user_id} scored ${result?.humanness_score}`)
      }
    }
    response.writeHead(204).end()
  })
}).listen(Number(process.env.PORT ?? 3000), () => console.log('webhook receiver listening'))
