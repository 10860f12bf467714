/**
 * Text from tmux, an agent or a user, made safe for one terminal line: control characters — C0, DEL and
 * C1, so escape sequences and newlines — are shown as `\xNN` instead of reaching the terminal raw (a window
 * or process may be named `\e]52;…` or `a\nb`). Everything else, non-ASCII included, is kept.
 */
export const printable = (text: string): string =>
  text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
