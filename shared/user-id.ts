/**
 * The one form of a userId that Huma counts and binds: spellings a person reads as the same id are the
 * same id. Without it, `User_1`, ` user_1`, `user\u200b_1` and a fullwidth `ｕｓｅｒ_1` are four flood
 * buckets, not one. Documented in docs/api.md.
 *
 * NFKC (fullwidth forms, ligatures, NFC and NFD fold together); zero-width, format and control characters
 * removed (U+200B-U+200D, U+2060, U+FEFF, the soft hyphen, C0 and C1 controls: every `Cf` and `Cc`);
 * whitespace trimmed; case folded (upper then lower, so `ß` and `SS` meet as `ss`); NFKC again, as
 * folding can leave a string unnormalised.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu

export function normaliseUserId(userId: string): string {
  return userId.normalize('NFKC').replace(INVISIBLE, '').trim().toUpperCase().toLowerCase().normalize('NFKC')
}
