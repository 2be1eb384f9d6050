/**
 * Whether a keydown in the composer sends the message: Enter does, Shift+Enter adds a line, and
 * nothing sends while an input method is composing (Enter then picks the candidate, e.g. 你好).
 * keyCode 229 is how some browsers report a key the IME handles, without `isComposing`.
 */
export function isSendKey(e: KeyboardEvent, composing: boolean): boolean {
  if (e.key !== 'Enter' || e.shiftKey) return false;
  return !(composing || e.isComposing || e.keyCode === 229);
}
