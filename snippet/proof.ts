/**
 * The proof of work (server/challenge/service.ts): fetches a challenge from the server the snippet came from and
 * solves it in idle time, a batch of SHA-256 at a time through WebCrypto (hashed off the main thread), so
 * the page never waits. `get()` is synchronous: the solution's wire text once solved, '' until then (the
 * payload then goes without one). A solution older than half the challenge's life is replaced by a fresh one.
 */
const BATCH = 256
/** Half of CHALLENGE_TTL_MS: a new challenge is solved while the old one still holds. */
const RENEW_MS = 5 * 60_000

/** `url` is the challenge endpoint's absolute URL. */
export function startProof(win: Window, url: string, onError: (e: unknown) => void): () => string {
  let text = ''
  let at = 0
  let running = false
  const idle = () =>
    new Promise<unknown>((done) =>
      win.requestIdleCallback ? win.requestIdleCallback(done) : win.setTimeout(done, 50),
    )
  const solve = async () => {
    const { c, b } = (await (await win.fetch(url)).json()) as {
      c: string
      b: number
    }
    const bytes = new TextEncoder()
    for (let n = 0; ; n += BATCH) {
      await idle()
      const hashes = await Promise.all(
        Array.from({ length: BATCH }, (_, i) =>
          win.crypto.subtle.digest('SHA-256', bytes.encode(`${c}:${n + i}`)),
        ),
      )
      const found = hashes.findIndex((h) => zeroBits(new Uint8Array(h)) >= b)
      if (found >= 0) return `,"p":{"c":"${c}","n":${n + found}}`
    }
  }
  const run = () => {
    if (running) return
    running = true
    solve()
      .then((t) => ((text = t), (at = win.performance.now())))
      .catch(onError)
      .finally(() => (running = false))
  }
  run()
  return () => {
    if (win.performance.now() - at > RENEW_MS) run()
    return text
  }
}

function zeroBits(hash: Uint8Array): number {
  let bits = 0
  for (const byte of hash) {
    if (byte) return bits + Math.clz32(byte) - 24
    bits += 8
  }
  return bits
}
