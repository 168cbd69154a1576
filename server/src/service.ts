// The facade every editor feature goes through. (Placeholder until the parser lands: it only
// reports unterminated quotes, so the LSP plumbing can be tested end to end.)
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';

export function diagnose(text: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const open = unterminatedQuote(line);
    if (open >= 0) {
      diagnostics.push({
        range: { start: { line: index, character: open }, end: { line: index, character: line.length } },
        severity: DiagnosticSeverity.Error,
        code: 'unterminated-quote',
        source: 'haproxy-workbench',
        message: `unmatched quote at position ${open + 1}`,
      });
    }
  });
  return diagnostics;
}

function unterminatedQuote(line: string): number {
  let quote = '';
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quote !== "'") { i++; continue; }
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '#') break;
    if (c === '"' || c === "'") { quote = c; start = i; }
  }
  return quote ? start : -1;
}
