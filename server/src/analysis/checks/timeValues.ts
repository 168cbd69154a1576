// HAProxy's parse_time_err() (src/tools.c) for option values such as `inter 2s`: digits, then an
// optional unit among us/ms/s/m/h/d. Anything else where a unit is expected is an error; extra
// characters after a valid unit ("10sec") are only a warning in 2.6 ("will be reported as an error
// in next versions").

export type TimeResult =
  | { ok: true; value: number; ms: number; trailing?: string } // trailing: what follows a valid unit (warning)
  | { ok: false; badChar: string; offset: number } // unexpected character at offset
  | { ok: false; overflow: true };

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
const MAX_MS = 2147483647;

/** Parses a delay whose default unit is milliseconds (character codes, no slice in the usual case: runs per server line). */
export function parseTimeMs(text: string): TimeResult {
  let i = 0;
  let value = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
  }
  if (i === 0) return { ok: false, badChar: text[0] ?? '', offset: 0 };
  if (i > 15) value = Number(text.slice(0, i)); // beyond exact integer sums: the same rounding as before
  let unit = '';
  const c = text[i];
  if (c === undefined) unit = 'ms';
  else if (c === 'u' && text[i + 1] === 's') unit = 'us';
  else if (c === 'm' && text[i + 1] === 's') unit = 'ms';
  else if (c === 's' || c === 'm' || c === 'h' || c === 'd') unit = c;
  else return { ok: false, badChar: c, offset: i };
  const end = c === undefined ? i : i + (unit.length === 2 ? 2 : 1);
  const ms = value * UNIT_MS[unit];
  if (ms > MAX_MS) return { ok: false, overflow: true };
  const result = { ok: true as const, value, ms: Math.floor(ms) };
  return end < text.length ? { ...result, trailing: text.slice(end) } : result;
}

/**
 * Does parseTimeMs read `text` in full with nothing to report: digits, an optional unit, nothing
 * after it, no overflow (and not 0 when `nonZero`)? Without building a result: asked for the delays
 * of every server line, nearly all of them plain.
 */
export function isPlainDelay(text: string, nonZero: boolean): boolean {
  let i = 0;
  let value = 0;
  for (; i < text.length && i <= 15; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
  }
  if (i === 0 || i > 15 || (nonZero && value === 0)) return false;
  const rest = text.length - i;
  let unitMs = 0;
  if (rest === 0) unitMs = 1;
  else if (rest === 1) unitMs = UNIT_MS[text[i]] ?? 0; // s, m, h or d (a lone 'u' is no unit)
  else if (rest === 2 && text.charCodeAt(i + 1) === 115) unitMs = text[i] === 'u' ? UNIT_MS.us : text[i] === 'm' ? UNIT_MS.ms : 0; // "us", "ms"
  return unitMs !== 0 && value * unitMs <= MAX_MS;
}
