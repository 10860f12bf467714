/**
 * What the original protocol put in `pane.output`: `data.preview`, the last 3 lines of plain text (at most
 * 200 characters), and `data.activity`, its one-word reading of them (`error`, `warning`, `command`,
 * `output`), computed as the original's collector did — but from the output itself, not a re-captured screen.
 */

const MAX_LINES = 3;
const MAX_CHARS = 200;

/** Escape and control sequences: CSI, OSC/DCS/APC/PM/SOS strings, two- and three-byte escapes. */
const SEQUENCES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Plain-text lines of terminal output: sequences stripped; a carriage return keeps what was drawn after it. */
export function plainLines(text: string): string[] {
  return text
    .replace(SEQUENCES, '')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => {
      const l = line.replace(/\r+$/, '');
      return l.slice(l.lastIndexOf('\r') + 1).replace(CONTROLS, '');
    });
}

export type Activity = 'error' | 'warning' | 'command' | 'output';

/**
 * `preview`: the last 3 lines (blank ones at either end dropped), joined with `\n`, cut to 200 characters
 * (ending `...` when cut); `activity`: the original's reading of those lines, before the cut — "error" or
 * "warning" in any of them, or a line starting with `$`/`#` (a prompt) among the last 2.
 */
export function previewOf(text: string): { preview: string; activity: Activity } {
  const lines = plainLines(text).join('\n').trim().split('\n').slice(-MAX_LINES);
  const chars = Array.from(lines.join('\n'));
  const preview = chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 3).join('')}...` : chars.join('');
  return { preview, activity: activityOf(lines) };
}

function activityOf(lines: string[]): Activity {
  const lower = lines.map((l) => l.toLowerCase());
  if (lower.some((l) => l.includes('error'))) return 'error';
  if (lower.some((l) => l.includes('warning'))) return 'warning';
  if (lines.slice(-2).some((l) => /^\s*[$#]/.test(l))) return 'command';
  return 'output';
}
