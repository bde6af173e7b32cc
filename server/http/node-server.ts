/**
 * Options of the Node HTTP server: slow or stalled clients (slow-loris) are cut off instead of holding
 * sockets. server/main.ts listens with these; tests serve with the same.
 */
import type { ServerOptions } from 'node:http'

export const HTTP_SERVER_OPTIONS = {
  /** the whole header block must arrive within this, in ms (Node's default: 60 s) */
  headersTimeout: 10_000,
  /** the whole request, body included; a 64 KB body needs far less even on a slow link (default: 300 s) */
  requestTimeout: 15_000,
  /** an idle keep-alive connection is closed after this */
  keepAliveTimeout: 5_000,
  /** how often Node enforces the two timeouts above (its default of 30 s would add up to 30 s to each) */
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions
