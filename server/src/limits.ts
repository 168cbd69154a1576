// Size and content guards for documents opened as HAProxy configurations. A file that is far
// larger than any real haproxy.cfg, has a line of megabytes, or is not text at all gets ONE clear
// diagnostic and no analysis (every editor feature then answers "nothing" for it), so the server
// never spends seconds per keystroke on it. Text that only contains a few undecodable bytes is
// analysed as usual, with one warning that saving it from the editor would rewrite those bytes.
// Published diagnostics are capped so a pathological file cannot flood the client.
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';

export const LIMIT_SOURCE = 'haproxy-workbench';

export interface DocumentLimits {
  /** Characters (UTF-16 code units). A generated 100,000-line config is about 5 M. */
  maxChars: number;
  /** Characters on one line. HAProxy itself accepts longer lines; no hand-written config has them. */
  maxLineChars: number;
  /** Share (0..1) of NUL / control / undecodable characters at the start that marks a binary file. */
  binaryRatio: number;
  /** Diagnostics published per document; the rest is summarised in one more. */
  maxDiagnostics: number;
}

export const DOCUMENT_LIMITS: Readonly<DocumentLimits> = {
  maxChars: 8 * 1024 * 1024,
  maxLineChars: 64 * 1024,
  binaryRatio: 0.3,
  maxDiagnostics: 1000,
};

/** Codes of the diagnostics this module publishes (stable: tests and docs key on them). */
export const LIMIT_CODES = {
  'document-too-large': 'File larger than the analysis limit: analysis skipped',
  'line-too-long': 'A line longer than the analysis limit: analysis skipped',
  'binary-content': 'File is not text (NUL, control or undecodable bytes): analysis skipped',
  'invalid-utf8': 'Bytes that are not valid UTF-8 (shown as U+FFFD)',
  'too-many-problems': 'More problems than are published for one file',
} as const;

export type LimitCode = keyof typeof LIMIT_CODES;

/** How much of the start of a file the binary check looks at. */
const BINARY_SAMPLE = 64 * 1024;
const REPLACEMENT = 0xfffd;

export interface LimitVerdict {
  /** Set when analysis must be skipped: the one diagnostic saying why. */
  skip?: Diagnostic;
  /** Diagnostics to publish next to the analysis (e.g. undecodable bytes). */
  notes: Diagnostic[];
}

/** Inspects a document's text (a few native scans, no allocation proportional to the text). */
export function inspectDocument(text: string, limits: Readonly<DocumentLimits> = DOCUMENT_LIMITS): LimitVerdict {
  if (text.length > limits.maxChars) {
    return { skip: tooLarge(text.length, limits.maxChars), notes: [] };
  }
  const scan = scanText(text, limits.maxLineChars);
  const sampled = Math.min(text.length, BINARY_SAMPLE);
  if (sampled > 0 && scan.suspiciousInSample / sampled >= limits.binaryRatio) {
    return { skip: binary(scan.suspiciousInSample, sampled), notes: [] };
  }
  if (scan.longLine) return { skip: lineTooLong(scan.longLine.line, scan.longLine.length, limits.maxLineChars), notes: [] };
  const notes = scan.firstReplacement ? [undecodable(scan.firstReplacement, scan.replacements)] : [];
  return { notes };
}

interface Scan {
  suspiciousInSample: number;
  longLine?: { line: number; length: number };
  firstReplacement?: { line: number; character: number };
  replacements: number;
}

/** Native indexOf scans (a char-by-char loop costs ~50 ms on a 5 MB file, at every keystroke). */
function scanText(text: string, maxLineChars: number): Scan {
  const scan: Scan = { suspiciousInSample: 0, replacements: 0 };
  const sampleEnd = Math.min(text.length, BINARY_SAMPLE);
  for (let i = 0; i < sampleEnd; i++) if (isSuspicious(text.charCodeAt(i))) scan.suspiciousInSample++;
  let line = 0;
  for (let start = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start > maxLineChars) {
      scan.longLine = { line, length: end - start };
      break;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  const first = text.indexOf('\uFFFD');
  if (first >= 0) {
    const before = text.lastIndexOf('\n', first);
    scan.firstReplacement = { line: countNewlines(text, first), character: first - before - 1 };
    for (let at = first; at >= 0; at = text.indexOf('\uFFFD', at + 1)) scan.replacements++;
  }
  return scan;
}

function countNewlines(text: string, end: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** NUL, C0 controls other than tab / CR / FF / VT, DEL, and the decoder's replacement character. */
function isSuspicious(code: number): boolean {
  if (code === REPLACEMENT || code === 0x7f) return true;
  // Line feeds are text: a short file of blank lines is not binary.
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b;
}

const count = (n: number) => n.toLocaleString('en-US');
const startOfFile = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function diagnostic(code: LimitCode, message: string, severity: DiagnosticSeverity, range = startOfFile): Diagnostic {
  return { range, severity, code, source: LIMIT_SOURCE, message };
}

function tooLarge(chars: number, max: number): Diagnostic {
  return diagnostic(
    'document-too-large',
    `This file has ${count(chars)} characters, more than the ${count(max)} the HAProxy language server analyses: ` +
      'no diagnostics, completion or other features for it. Split it (haproxy -f accepts several files or a directory) to get them back.',
    DiagnosticSeverity.Warning,
  );
}

function lineTooLong(line: number, length: number, max: number): Diagnostic {
  return diagnostic(
    'line-too-long',
    `Line ${line + 1} has ${count(length)} characters, more than the ${count(max)} the HAProxy language server analyses: ` +
      'no diagnostics, completion or other features for this file until it is shortened.',
    DiagnosticSeverity.Warning,
    { start: { line, character: 0 }, end: { line, character: 0 } },
  );
}

function binary(suspicious: number, sampled: number): Diagnostic {
  const percent = Math.round((suspicious / sampled) * 100);
  return diagnostic(
    'binary-content',
    `This does not look like an HAProxy configuration: ${percent}% of its first ${count(sampled)} characters are NUL, control or undecodable bytes. ` +
      'Analysis skipped (was a binary or compressed file opened as haproxy?).',
    DiagnosticSeverity.Error,
  );
}

function undecodable(at: { line: number; character: number }, replacements: number): Diagnostic {
  return diagnostic(
    'invalid-utf8',
    `${count(replacements)} byte sequence(s) are not valid UTF-8 and show as '\uFFFD' (first here). HAProxy reads the raw bytes, ` +
      'but saving this file from the editor would replace them: reopen it with its real encoding (e.g. "Reopen with Encoding" > Latin-1).',
    DiagnosticSeverity.Warning,
    { start: at, end: { line: at.line, character: at.character + 1 } },
  );
}

/**
 * At most `max` diagnostics, in document order, plus one saying how many were left out (placed at
 * the first one left out). Under the cap the list is returned as it is.
 */
export function capDiagnostics(diagnostics: Diagnostic[], max: number = DOCUMENT_LIMITS.maxDiagnostics): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const kept = sorted.slice(0, max - 1);
  const firstLeftOut = sorted[max - 1] as Diagnostic;
  const leftOut = sorted.length - kept.length;
  kept.push(
    diagnostic(
      'too-many-problems',
      `${count(leftOut)} more problem(s) from here on are not shown (${count(sorted.length)} in this file; the first ${count(kept.length)} are). Fix the first ones: later problems are often caused by them.`,
      DiagnosticSeverity.Information,
      firstLeftOut.range,
    ),
  );
  return kept;
}
