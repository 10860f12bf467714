/**
 * Validation of config.json: every problem is reported with its key path, e.g.
 * `agents.kinds.claude.rules[2].pattern: invalid regular expression (…)`.
 */
import { AGENT_KINDS, AGENT_STATES, WAIT_REASONS } from '../model/types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const KINDS = AGENT_KINDS.filter((k) => k !== 'generic') as readonly string[];

export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

function keysOnly(p: Problems, path: string, value: Obj, allowed: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      p.add(path ? `${path}.${key}` : key, `unknown key (expected one of: ${allowed.join(', ')})`);
}

function object(p: Problems, path: string, value: unknown): value is Obj {
  if (isObj(value)) return true;
  p.add(path, 'must be an object');
  return false;
}

function stringList(
  p: Problems,
  path: string,
  value: unknown,
  check?: (s: string, at: string) => void,
): void {
  if (!Array.isArray(value)) {
    p.add(path, 'must be an array of strings');
    return;
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') p.add(`${path}[${i}]`, 'must be a non-empty string');
    else check?.(item, `${path}[${i}]`);
  });
}

export function checkRegex(p: Problems, path: string, source: string, flags = ''): void {
  try {
    new RegExp(source, flags);
  } catch (error) {
    p.add(path, `invalid regular expression (${(error as Error).message})`);
  }
}

function number(p: Problems, path: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    p.add(path, `must be a number ≥ ${min}`);
}

function boolean(p: Problems, path: string, value: unknown): void {
  if (typeof value !== 'boolean') p.add(path, 'must be true or false');
}

function rule(p: Problems, path: string, value: unknown): void {
  if (!object(p, path, value)) return;
  keysOnly(p, path, value, [
    'id',
    'state',
    'reason',
    'pattern',
    'flags',
    'on',
    'within',
    'barrier',
    'chrome',
  ]);
  if (value['chrome'] !== undefined) boolean(p, `${path}.chrome`, value['chrome']);
  if (typeof value['id'] !== 'string' || value['id'] === '')
    p.add(`${path}.id`, 'must be a non-empty string');
  if (!AGENT_STATES.includes(value['state'] as never))
    p.add(`${path}.state`, `must be one of: ${AGENT_STATES.join(', ')}`);
  if (value['reason'] !== undefined && !WAIT_REASONS.includes(value['reason'] as never))
    p.add(`${path}.reason`, `must be one of: ${WAIT_REASONS.join(', ')}`);
  const flags = value['flags'];
  if (flags !== undefined && (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)))
    p.add(`${path}.flags`, 'must be a string of regular expression flags among i, m, s, u');
  if (typeof value['pattern'] !== 'string' || value['pattern'] === '')
    p.add(`${path}.pattern`, 'must be a non-empty string (a regular expression)');
  else checkRegex(p, `${path}.pattern`, value['pattern'], typeof flags === 'string' ? flags : '');
  if (value['on'] !== undefined && value['on'] !== 'screen' && value['on'] !== 'title')
    p.add(`${path}.on`, 'must be "screen" or "title"');
  if (value['within'] !== undefined) number(p, `${path}.within`, value['within'], 1);
  if (
    value['barrier'] !== undefined &&
    typeof value['barrier'] !== 'boolean' &&
    value['barrier'] !== 'waiting'
  )
    p.add(`${path}.barrier`, 'must be true, false or "waiting"');
}

/** `{ reason, pattern, flags? }`: a dialog question family (README "Agents"). */
function reasonRule(p: Problems, path: string, value: unknown): void {
  if (!object(p, path, value)) return;
  keysOnly(p, path, value, ['reason', 'pattern', 'flags']);
  if (!WAIT_REASONS.includes(value['reason'] as never))
    p.add(`${path}.reason`, `must be one of: ${WAIT_REASONS.join(', ')}`);
  const flags = value['flags'];
  if (flags !== undefined && (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)))
    p.add(`${path}.flags`, 'must be a string of regular expression flags among i, m, s, u');
  if (typeof value['pattern'] !== 'string' || value['pattern'] === '')
    p.add(`${path}.pattern`, 'must be a non-empty string (a regular expression)');
  else checkRegex(p, `${path}.pattern`, value['pattern'], typeof flags === 'string' ? flags : '');
}

function kind(p: Problems, path: string, value: unknown): void {
  if (!object(p, path, value)) return;
  keysOnly(p, path, value, [
    'commands',
    'titlePatterns',
    'turnPatterns',
    'exitPatterns',
    'reasons',
    'rules',
    'replaceRules',
  ]);
  if (value['commands'] !== undefined) stringList(p, `${path}.commands`, value['commands']);
  for (const key of ['titlePatterns', 'turnPatterns', 'exitPatterns'])
    if (value[key] !== undefined)
      stringList(p, `${path}.${key}`, value[key], (s, at) => checkRegex(p, at, s));
  const reasons = value['reasons'];
  if (reasons !== undefined) {
    if (!Array.isArray(reasons)) p.add(`${path}.reasons`, 'must be an array of { reason, pattern, flags? }');
    else for (const [i, r] of reasons.entries()) reasonRule(p, `${path}.reasons[${i}]`, r);
  }
  if (value['replaceRules'] !== undefined) boolean(p, `${path}.replaceRules`, value['replaceRules']);
  const rules = value['rules'];
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    p.add(`${path}.rules`, 'must be an array of rules');
    return;
  }
  rules.forEach((r, i) => {
    rule(p, `${path}.rules[${i}]`, r);
  });
}

function agents(p: Problems, value: unknown): void {
  if (!object(p, 'agents', value)) return;
  keysOnly(p, 'agents', value, ['idleDebounceMs', 'kinds', 'generic']);
  if (value['idleDebounceMs'] !== undefined) number(p, 'agents.idleDebounceMs', value['idleDebounceMs'], 0);
  const kinds = value['kinds'];
  if (kinds !== undefined && object(p, 'agents.kinds', kinds)) {
    for (const [name, k] of Object.entries(kinds)) {
      if (!KINDS.includes(name))
        p.add(
          `agents.kinds.${name}`,
          `unknown agent kind (one of: ${KINDS.join(', ')}; use agents.generic for others)`,
        );
      else kind(p, `agents.kinds.${name}`, k);
    }
  }
  const generic = value['generic'];
  if (generic === undefined) return;
  if (!Array.isArray(generic)) {
    p.add('agents.generic', 'must be an array of { name, commands }');
    return;
  }
  generic.forEach((g, i) => {
    const at = `agents.generic[${i}]`;
    if (!object(p, at, g)) return;
    keysOnly(p, at, g, ['name', 'commands']);
    if (typeof g['name'] !== 'string' || g['name'] === '') p.add(`${at}.name`, 'must be a non-empty string');
    stringList(p, `${at}.commands`, g['commands']);
  });
}

/** All problems of a parsed config.json, each as `key.path: message`. */
export function validateConfig(raw: unknown): string[] {
  const p = new Problems();
  if (!isObj(raw)) {
    p.add('(top level)', 'must be a JSON object');
    return p.list;
  }
  keysOnly(p, '', raw, ['$schema', 'agents', 'keys', 'notifications', 'send']);
  if (raw['agents'] !== undefined) agents(p, raw['agents']);
  const keys = raw['keys'];
  if (keys !== undefined && object(p, 'keys', keys)) {
    for (const [action, binding] of Object.entries(keys)) {
      if (typeof binding === 'string') continue;
      stringList(p, `keys.${action}`, binding);
    }
  }
  const notes = raw['notifications'];
  if (notes !== undefined && object(p, 'notifications', notes)) {
    keysOnly(p, 'notifications', notes, ['bell', 'desktop']);
    for (const k of ['bell', 'desktop'])
      if (notes[k] !== undefined) boolean(p, `notifications.${k}`, notes[k]);
  }
  const send = raw['send'];
  if (send !== undefined && object(p, 'send', send)) {
    keysOnly(p, 'send', send, ['maxBytes', 'confirmTimeoutMs']);
    if (send['maxBytes'] !== undefined) number(p, 'send.maxBytes', send['maxBytes'], 1);
    if (send['confirmTimeoutMs'] !== undefined)
      number(p, 'send.confirmTimeoutMs', send['confirmTimeoutMs'], 0);
  }
  return p.list;
}
