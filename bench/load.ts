/**
 * The load generator, run as its own process: autocannon against one or more servers, with a new
 * userId on every request (so the per-user flood limit never trips), printing one JSON summary.
 */
import autocannon from 'autocannon'
import type { LoadSpec } from './http.ts'

const spec = JSON.parse(process.argv[2]!) as LoadSpec
let counter = 0

function run(url: string, index: number): Promise<autocannon.Result> {
  const share = spec.urls.length
  return autocannon({
    url: `${url}/api/v1/verify`,
    connections: Math.max(1, Math.round(spec.connections / share)),
    duration: spec.seconds,
    ...(spec.rate > 0 ? { overallRate: Math.max(1, Math.round(spec.rate / share)) } : {}),
    requests: [
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${spec.key}`, 'Content-Type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            userId: `bench_${index}_${counter++}`,
            action: 'signup',
            ...(spec.signals === null ? {} : { signals: spec.signals }),
          }),
        }),
      },
    ],
  })
}

const results = await Promise.all(spec.urls.map(run))
const total = (pick: (r: autocannon.Result) => number) => results.reduce((sum, r) => sum + pick(r), 0)
const worst = (pick: (r: autocannon.Result) => number) => Math.max(...results.map(pick))
process.stdout.write(
  JSON.stringify({
    rps: total((r) => r.requests.average),
    requests: total((r) => r.requests.total),
    non2xx: total((r) => r.non2xx),
    errors: total((r) => r.errors + r.timeouts),
    p50: worst((r) => r.latency.p50),
    p99: worst((r) => r.latency.p99),
    max: worst((r) => r.latency.max),
  }) + '\n',
)
