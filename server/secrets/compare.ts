/**
 * The one constant-time comparison: for anything secret or derived from a secret (key hashes, MACs,
 * keyed user hashes). A comparison that stops at the first difference lets a value be guessed a
 * character at a time; this one takes the same time wherever they differ (and answers false at once
 * for different lengths, which the values compared here do not keep secret).
 */
import { timingSafeEqual } from 'node:crypto'

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
