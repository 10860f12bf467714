/**
 * Making user text safe as ONE tmux argument (tmux-facts.md "Injection hazards"): tmux splits its
 * argv into commands at any argument ending in `;` — unless it ends in `\;`, which tmux turns into `;`.
 * Escaping a trailing `;` as `\;` is exact: `a\;` (ending backslash-semicolon) becomes `a\\;` and tmux
 * gives back `a\;`.
 */
export const tmuxArg = (arg: string): string => (arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg);

/** For arguments tmux expands as formats (e.g. `-c start-directory`): `#` doubled, then `tmuxArg`. */
export const tmuxFormatArg = (arg: string): string => tmuxArg(arg.replace(/#/g, '##'));
