/**
 * Preloaded into a server process under test (node --expose-gc --import this): on SIGUSR2, run a full
 * collection and print the heap still in use, so a soak can read the live set instead of GC timing.
 * Test-only: nothing of this is in the server.
 */
process.on('SIGUSR2', () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  process.stdout.write(`GC_PROBE heapUsed=${process.memoryUsage().heapUsed}\n`)
})
