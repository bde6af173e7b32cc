/** `npm run example`: the customer backend on PORT (3000) and, unless HUMA_URL is set, Huma on HUMA_PORT (8787). */
import { PortInUseError, startExample } from './start.ts'

const { HUMA_URL, HUMA_API_KEY, PORT = '3000', HUMA_PORT = '8787', HUMA_SANDBOX } = process.env
const quit = (message: string): never => {
  process.stderr.write(`example: ${message}\n`)
  process.exit(1)
}
if (HUMA_URL && !HUMA_API_KEY) quit('HUMA_URL is set: set HUMA_API_KEY to a key of that server too')

const example = await startExample({
  port: Number(PORT),
  humaPort: Number(HUMA_PORT),
  sandbox: HUMA_SANDBOX === '1',
  ...(HUMA_URL && HUMA_API_KEY ? { huma: { url: HUMA_URL, apiKey: HUMA_API_KEY } } : {}),
}).catch((error: unknown) => (error instanceof PortInUseError ? quit(error.message) : Promise.reject(error)))
process.stdout.write(`Huma: ${example.humaUrl}\nThe example sign-up page: ${example.url}\n`)

const stop = () => void example.close().finally(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
