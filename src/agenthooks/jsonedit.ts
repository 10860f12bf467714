/**
 * Edits a JSON settings file as text, so every byte that is not ours stays as the user wrote it (their
 * indentation, key order, escapes, `//` comments as Gemini allows). A small parser keeps each value's span;
 * an insertion appends `,\n<indent>"key": value` after the last member (or item), and removing it deletes
 * exactly that again, so install then uninstall gives back the file byte for byte.
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; members: JsonMember[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'value'; start: number; end: number; value: unknown };

export interface JsonMember {
  key: string;
  start: number;
  end: number;
  value: JsonNode;
}

export class JsonEditError extends Error {}

/** Parse with spans; `//` and `/* … *\/` comments count as whitespace. Throws JsonEditError. */
const MAX_DEPTH = 512;

export function parseJson(text: string): JsonNode {
  let i = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new JsonEditError(`invalid JSON at line ${line}: ${what}`);
  };
  const skip = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('//', i)) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl + 1;
      } else if (text.startsWith('/*', i)) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) fail('unclosed comment');
        i = close + 2;
      } else return;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unclosed string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  // Settings nested deeper than any real one are refused by name, not by the stack running out.
  let depth = 0;
  const value = (): JsonNode => {
    if (++depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    try {
      return node();
    } finally {
      depth--;
    }
  };
  const node = (): JsonNode => {
    skip();
    const start = i;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const members: JsonMember[] = [];
      skip();
      if (text[i] === '}') return { type: 'object', start, end: ++i, members };
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a key');
        const keyStart = i;
        const key = string();
        skip();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const v = value();
        members.push({ key, start: keyStart, end: v.end, value: v });
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return { type: 'object', start, end: ++i, members };
        else fail('expected "," or "}"');
      }
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text[i] === ']') return { type: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return { type: 'array', start, end: ++i, items };
        else fail('expected "," or "]"');
      }
    }
    if (ch === '"') {
      const v = string();
      return { type: 'value', start, end: i, value: v };
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return { type: 'value', start, end: i, value: JSON.parse(m[0]) };
  };
  const root = value();
  skip();
  if (i < text.length) fail('text after the value');
  return root;
}

/** The indentation unit the file uses (default two spaces). */
export function indentUnit(text: string): string {
  return /\n([ \t]+)["/]/.exec(text)?.[1] ?? '  ';
}

function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

const render = (value: unknown, unit: string, indent: string): string =>
  JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);

/** Insert `"key": value` as the container's last member (or `value` as the array's last item). */
export function appendTo(text: string, container: JsonNode, value: unknown, key?: string): string {
  if (container.type === 'value') throw new JsonEditError('not an object or array');
  const unit = indentUnit(text);
  const base = lineIndent(text, container.start);
  const indent = base + unit;
  const body = `${key === undefined ? '' : `${JSON.stringify(key)}: `}${render(value, unit, indent)}`;
  const list = container.type === 'object' ? container.members : container.items;
  const last = list.at(-1);
  if (last) return `${text.slice(0, last.end)},\n${indent}${body}${text.slice(last.end)}`;
  const open = container.start + 1;
  return `${text.slice(0, open)}\n${indent}${body}\n${base}${text.slice(container.end - 1)}`;
}

/** Remove the container's `index`-th member or item with the comma and line break that joined it. */
export function removeAt(text: string, container: JsonNode, index: number): string {
  if (container.type === 'value') throw new JsonEditError('not an object or array');
  const list: { start: number; end: number }[] =
    container.type === 'object' ? container.members : container.items;
  const el = list[index]!;
  if (list.length === 1) return text.slice(0, container.start + 1) + text.slice(container.end - 1);
  if (index < list.length - 1) return text.slice(0, el.start) + text.slice(list[index + 1]!.start);
  return text.slice(0, list[index - 1]!.end) + text.slice(el.end);
}

export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.type === 'object' ? node.members.find((m) => m.key === key) : undefined;
}

/** The plain value of a node (for reading settings, not editing them). */
export function plain(node: JsonNode): unknown {
  if (node.type === 'value') return node.value;
  if (node.type === 'array') return node.items.map(plain);
  return Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]));
}
