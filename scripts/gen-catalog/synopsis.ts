// Turns a manual synopsis such as `verify [none|required]`, `inter <delay>` or
// `strict-mode { on | off }` into argument specs with literal choices.
import type { ArgSpec } from '../../server/src/catalog/types';

interface Group { open: string; text: string }

/** Splits at top level into bare words and bracketed groups (`<...>`, `[...]`, `{...}`). */
function topLevelGroups(text: string): Group[] {
  const groups: Group[] = [];
  const closing: Record<string, string> = { '[': ']', '{': '}', '<': '>' };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c in closing) {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === c) depth++;
        else if (text[j] === closing[c]) { depth--; if (depth === 0) break; }
      }
      let k = j + 1;
      while (k < text.length && !/\s/.test(text[k])) k++;
      const glued = text.slice(j + 1, k);
      if (glued === '' || REPEAT.test(glued)) {
        groups.push({ open: c, text: text.slice(i + 1, j).trim() });
        if (glued) groups.push({ open: '', text: '...' });
      } else {
        // "<addr>:<port>", "{a | b},[...]*": text glued to a group is part of the same argument.
        groups.push({ open: '', text: text.slice(i, k) });
      }
      i = k;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j])) j++;
    groups.push({ open: '', text: text.slice(i, j) });
    i = j;
  }
  return joinTopLevelAlternatives(groups);
}

const REPEAT = /^(\.\.\.|\*)$/;
const LITERAL = /^[a-zA-Z0-9][\w.+-]*$/;

/** "shards <number> | by-thread": alternatives separated by a bare "|" form one argument. */
function joinTopLevelAlternatives(groups: Group[]): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].open === '' && groups[i].text === '|' && out.length && i + 1 < groups.length) {
      const left = out.pop()!;
      const right = groups[++i];
      const show = (g: Group): string => (g.open === '<' ? `<${g.text}>` : g.open === '' ? g.text : `${g.open}${g.text}`);
      out.push({ open: '{', text: `${show(left)} | ${show(right)}` });
      continue;
    }
    out.push(groups[i]);
  }
  return out;
}

function choicesOf(text: string): string[] | undefined {
  const parts = text.split('|').map((p) => p.trim());
  return parts.length > 1 && parts.every((p) => LITERAL.test(p)) ? parts : undefined;
}

/** The arguments after the keyword words. Conditions (`[ { if | unless } <condition> ]`) are dropped. */
export function parseArgs(rest: string): ArgSpec[] {
  const args: ArgSpec[] = [];
  for (const g of topLevelGroups(rest)) {
    if (/\bif\b.*\bunless\b|<condition>/.test(g.text)) continue;
    if (g.text === '...' || g.text === '...]') { if (args.length) args[args.length - 1].repeat = true; continue; }
    const repeat = /\.\.\.$/.test(g.text);
    const inner = g.text.replace(/\s*\.\.\.$/, '');
    const optional = g.open === '[';
    const choices = choicesOf(inner.replace(/^[{[]|[}\]]$/g, ''));
    if (choices) { args.push({ name: choices.join('|'), optional, choices, ...(repeat ? { repeat } : {}) }); continue; }
    const name = g.open === '<' ? inner : inner.replace(/^<([^<>]*)>$/, '$1').trim();
    if (!name) continue;
    const literal = g.open !== '<' && LITERAL.test(inner);
    args.push({ name, optional, ...(literal ? { choices: [inner] } : {}), ...(repeat ? { repeat } : {}) });
  }
  return args;
}

/**
 * In the bind/server option lists, "[a|b|c]" and "[all|<errorID>,...]" mean "one of" (the binary
 * requires a value, see `verify [none|required]`), unlike the optional "[ clf ]" of section 4.2.
 */
export function optionArgs(rest: string): ArgSpec[] {
  return parseArgs(rest).map((a) => (a.optional && topLevelBars(a.name) > 0 ? { ...a, optional: false } : a));
}

/** Count of "|" outside any bracket: "all|<errorID>,..." -> 1, "usesrc { a | b }" -> 0. */
function topLevelBars(text: string): number {
  let depth = 0;
  let bars = 0;
  for (const c of text) {
    if ('[{<'.includes(c)) depth++;
    else if (']}>'.includes(c)) depth--;
    else if (c === '|' && depth === 0) bars++;
  }
  return bars;
}

/** Number of leading words of a synopsis that form the keyword ("option httplog", "timeout connect"). */
export function keywordWords(synopsis: string): string[] {
  const words: string[] = [];
  for (const w of synopsis.trim().split(/\s+/)) {
    const m = /^([a-z0-9][\w.-]*)(\(.*)?$/i.exec(w);
    if (!m) break;
    words.push(m[1]);
    if (m[2]) break; // "set-var(<name>)": the parenthesis belongs to this word, arguments follow
  }
  return words;
}

/**
 * Arguments inside a fetch/converter parenthesis: "[<name>[,<occ>]]" -> name?, occ?;
 * "<prop>[,<prop>*]" -> prop, prop?*. Optional when inside an unclosed "[".
 */
export function parseParenArgs(inner: string): ArgSpec[] {
  const args: ArgSpec[] = [];
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '<') {
      const close = inner.indexOf('>', i);
      if (close < 0) break;
      const name = inner.slice(i + 1, close);
      const after = inner.slice(close + 1, close + 4);
      args.push({ name, optional: depth > 0, ...(/^(\*|\.\.\.)/.test(after) ? { repeat: true } : {}) });
      i = close;
    } else if (/[a-z]/i.test(c) && (i === 0 || /[,[(]/.test(inner[i - 1]))) {
      // bare names as in the 3.x converter table or the 2.6 dump: "map_name[,default_value]"
      const m = /^[a-z][\w-]*/i.exec(inner.slice(i))!;
      args.push({ name: m[0], optional: depth > 0 });
      i += m[0].length - 1;
    }
  }
  return args;
}
