/**
 * A webhook receiver on a loopback port: records every request (headers, raw body, time) and answers
 * with whatever the test says next (`answer`), by default 204.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  path: string
}

export interface Receiver {
  url: string
  port: number
  received: Received[]
  /** how to answer the next requests (called per request); return 'hang' to never answer */
  answer: (req: Received, res: ServerResponse) => void | 'hang'
  close(): Promise<void>
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    answer: (_req, res) => void res.writeHead(204).end(),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const got = { headers: req.headers, body, path: req.url ?? '/' }
      received.push(got)
      if (receiver.answer(got, res) === 'hang') hanging.push(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  receiver.port = (server.address() as AddressInfo).port
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`
  return receiver
}
