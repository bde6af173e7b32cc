import { KEY, KEY_KIND, PAGE, type KeyClassIndex } from '../format.ts'
import { listen, type CreateCollector } from './listen.ts'

const NAMED: Readonly<Record<string, KeyClassIndex>> = {
  Backspace: KEY.backspace,
  Delete: KEY.backspace,
  Enter: KEY.enter,
  Shift: KEY.modifier,
  Control: KEY.modifier,
  Alt: KEY.modifier,
  AltGraph: KEY.modifier,
  Meta: KEY.modifier,
  CapsLock: KEY.modifier,
  Tab: KEY.navigation,
  Home: KEY.navigation,
  End: KEY.navigation,
  PageUp: KEY.navigation,
  PageDown: KEY.navigation,
}

/**
 * The coarse class of a KeyboardEvent.key. Only this class leaves the function: never the key,
 * the character or any field's content. Letters and digits of every script count as such.
 */
export function keyClass(key: string): KeyClassIndex {
  if (key === ' ') return KEY.space
  if (/^\p{L}\p{M}*$/u.test(key)) return KEY.letter
  if (/^\p{Nd}$/u.test(key)) return KEY.digit
  if (key.startsWith('Arrow')) return KEY.navigation
  return NAMED[key] ?? KEY.other
}

/** Key presses and releases as classes, and pastes as events (never their content). */
export const createKeyboardCollector: CreateCollector = (target, rec, t0) =>
  listen<KeyboardEvent>(target, rec, t0, ['keydown', 'keyup', 'paste'], (e, t) => {
    if (e.type === 'paste') rec.page(t, PAGE.paste)
    // autofill's key events carry no key: other
    else rec.key(t, e.type === 'keydown' ? KEY_KIND.down : KEY_KIND.up, keyClass(e.key || ''))
  })
