/** A word for a POSIX shell: as it is when plain, else in single quotes (a `'` inside as `'\''`). */
export const shellWord = (s: string): string =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
