// Times, sizes and integers as HAProxy's parsers read them (behaviours checked with haproxy -c
// 2.6.12). Times go through parse_time_err(): digits, then us/ms/s/m/h/d; more characters after a
// valid unit are only a warning ("5sec"). Many integers go through atol(), which silently drops
// whatever follows the leading digits ("maxconn 10k" is 10): a warning, since HAProxy takes it.
import type { Word } from '../../syntax/tree';
import { checkAddress } from './addresses';
import { parseTimeMs } from './timeValues';
import { reportWord, staticWord } from './valueContext';
import type { ValueContext, ValueRule } from './valueContext';

const UNITS = 'us, ms, s, m, h, d';

/** A delay at args[index] (default unit: milliseconds), optionally bounded. */
export function timeAt(index: number, maxMs?: number): ValueRule {
  return (v) => {
    const w = staticWord(v, index);
    if (w && w.text !== '') checkTime(v, w, maxMs);
  };
}

export function checkTime(v: ValueContext, w: Word, maxMs?: number): void {
  const t = parseTimeMs(w.text);
  if (!t.ok) {
    const message = 'overflow' in t
      ? `timer overflow in '${w.text}' for '${v.keyword}' (maximum value is 2147483647 ms or ~24.8 days)`
      : `unexpected character '${t.badChar}' in '${v.keyword}' value '${w.text}' (expects a number with an optional unit: ${UNITS})`;
    reportWord(v, 'invalid-time', 'error', w, message);
    return;
  }
  if (maxMs !== undefined && t.ms > maxMs) {
    reportWord(v, 'invalid-time', 'error', w, `'${v.keyword}' expects a timer value between 0 and ${maxMs} ms (got '${w.text}')`);
    return;
  }
  if (t.trailing) {
    const read = w.text.slice(0, w.text.length - t.trailing.length);
    reportWord(v, 'invalid-time', 'warning', w,
      `'${w.text}' is read as '${read}': HAProxy ignores '${t.trailing}' with a warning and says it will become an error (units: ${UNITS})`,
      { suggestions: [read] });
  }
}

/** A whole number HAProxy checks strictly: anything but digits is refused. */
export function strictIntegerAt(index: number, range?: { min: number; max: number }): ValueRule {
  return (v) => {
    const w = staticWord(v, index);
    if (!w || w.text === '') return;
    if (!/^[+-]?\d+$/.test(w.text)) {
      reportWord(v, 'invalid-number', 'error', w, `'${v.keyword}' expects an integer, not '${w.text}'`);
      return;
    }
    const n = Number(w.text);
    if (range && (n < range.min || n > range.max)) {
      reportWord(v, 'invalid-number', 'error', w, `'${v.keyword}' expects a value between ${range.min} and ${range.max} (got ${w.text})`);
    }
  };
}

/**
 * A number read with atol(): trailing characters are dropped without a word from HAProxy. `floor`:
 * below it the value read breaks HAProxy at start-up (an error even when HAProxy names no line).
 */
export function leadingIntegerAt(index: number,
  opts: { range?: { min: number; max: number }; floor?: { value: number; why: string } } = {}): ValueRule {
  return (v) => {
    const w = staticWord(v, index);
    if (!w || w.text === '') return;
    const digits = /^[+-]?\d*/.exec(w.text)?.[0] ?? '';
    if (digits.startsWith('-')) return; // negative values: each keyword reacts differently
    const n = /\d/.test(digits) ? Number(digits) : 0;
    const junk = digits.length < w.text.length;
    const suffix = junk && /^\d+[kKmMgG]/.test(w.text) ? ' (no size suffixes here: write the number in full)' : '';
    const read = junk ? `HAProxy reads '${w.text}' as ${n}` : `${n}`;
    if (opts.floor && n < opts.floor.value) {
      reportWord(v, 'invalid-number', 'error', w, `${read}: ${opts.floor.why}${suffix}`);
    } else if (opts.range && (n < opts.range.min || n > opts.range.max)) {
      reportWord(v, 'invalid-number', 'error', w, `'${v.keyword}' expects a value between ${opts.range.min} and ${opts.range.max} (got ${w.text})`);
    } else if (junk && !/\d/.test(digits)) {
      reportWord(v, 'invalid-number', 'warning', w, `'${v.keyword}' expects a number: HAProxy silently reads '${w.text}' as 0`);
    } else if (junk) {
      reportWord(v, 'invalid-number', 'warning', w, `${read}: it silently ignores what follows the leading digits${suffix}`);
    }
  };
}

/** parse_size_err(): digits with an optional k, m or g (any case), nothing else. */
export function sizeProblem(text: string): string | undefined {
  const m = /^(\d+)([kKmMgG]?)(.*)$/.exec(text);
  if (!m) return text[0] ?? '';
  return m[3] ? m[3][0] : undefined;
}

export function checkSize(v: ValueContext, w: Word, what: string): void {
  const bad = sizeProblem(w.text);
  if (bad !== undefined) {
    reportWord(v, 'invalid-size', 'error', w, `unexpected character '${bad}' in ${what} '${w.text}' (a number with an optional k, m or g suffix)`);
  }
}

/**
 * An address at args[index] as str2sa_range() reads it (mailer, nameserver, peer, dispatch): host
 * names are never judged, numeric hosts must be valid, the port 1-65535 (required where HAProxy
 * says "missing port specification").
 */
export function addressAt(index: number, portRequired: boolean): ValueRule {
  return (v) => {
    const w = staticWord(v, index);
    if (!w || w.text === '') return;
    for (const p of checkAddress(w.text, 'bind')) {
      if (!portRequired && p.message.startsWith('missing port')) continue;
      if (p.message.startsWith('dgram-type')) continue; // nameservers take udp@ addresses
      const at = p.at && w.raw === w.text && p.at.length > 0 ? p.at : undefined;
      const range = at ? { start: { line: w.range.start.line, character: w.range.start.character + at.offset },
        end: { line: w.range.start.line, character: w.range.start.character + at.offset + at.length } } : undefined;
      reportWord(v, p.code, 'error', w, p.message, undefined, range);
    }
  };
}
