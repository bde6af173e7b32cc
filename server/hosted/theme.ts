/**
 * A key's check-page theme and redirect origins as an operator gives them (the CLI's flags, the
 * dashboard's form), checked once here: results, not exceptions.
 */
import { parseOrigin } from './redirects.ts'
import type { KeySettings } from './store/types.ts'

const COLOUR = /^#[0-9a-fA-F]{6}$/
/** The page loads nothing from another origin: a logo is a data: URL or a path on this server. */
const LOGO = /^(data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+|\/[^\s"'<>]*)$/
const MAX_LOGO_LENGTH = 48 * 1024
const MAX_NAME_LENGTH = 80

export type Checked<T, F extends string = never> =
  { ok: true; value: T } | { ok: false; field?: F; message: string }

/** Each field given is set; an empty string clears it. */
export function checkTheme(input: {
  name?: string | undefined
  logoUrl?: string | undefined
  accent?: string | undefined
}): Checked<Partial<KeySettings>, 'logoUrl' | 'accent'> {
  const theme: Partial<KeySettings> = {}
  if (input.name !== undefined) theme.name = input.name.trim().slice(0, MAX_NAME_LENGTH) || null
  if (input.logoUrl !== undefined) {
    const logo = input.logoUrl.trim()
    if (logo !== '' && (!LOGO.test(logo) || logo.length > MAX_LOGO_LENGTH))
      return {
        ok: false,
        field: 'logoUrl',
        message:
          'must be a data:image/...;base64 URL (at most 48 KB) or a path on this server: the check page loads nothing from other origins',
      }
    theme.logoUrl = logo || null
  }
  if (input.accent !== undefined) {
    const accent = input.accent.trim()
    if (accent !== '' && !COLOUR.test(accent))
      return { ok: false, field: 'accent', message: 'must be a colour as #rrggbb' }
    theme.accent = accent || null
  }
  return { ok: true, value: theme }
}

/** Origins as given (each: https, or http on loopback, and nothing but an origin), without repeats. */
export function checkOrigins(texts: readonly string[]): Checked<string[]> {
  const origins: string[] = []
  for (const text of texts) {
    const parsed = parseOrigin(text)
    if (!parsed.ok) return { ok: false, message: parsed.message }
    origins.push(parsed.origin)
  }
  return { ok: true, value: [...new Set(origins)] }
}
