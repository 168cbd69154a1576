// The push refuses a file our own diagnostics call wrong: the language service (the same one the
// editor shows) analyses the text, and its errors (not warnings) block the push before any
// request is sent.
import { DiagnosticSeverity } from 'vscode-languageserver';
import { LanguageService } from '../../../server/src/service';

export interface LocalProblem {
  /** 0-based, as in the editor's model. */
  line: number;
  character: number;
  message: string;
  code?: string;
}

const CHECK_URI = 'haproxy-workbench-push:/haproxy.cfg';

/** Errors the language service reports for `text` (target version: `haproxyVersion`, else the newest known). */
export function localErrors(text: string, haproxyVersion?: string): LocalProblem[] {
  const service = new LanguageService(haproxyVersion);
  service.openDocument(CHECK_URI, 'haproxy', 1, text);
  try {
    return service
      .diagnostics(CHECK_URI)
      .filter((d) => d.severity === DiagnosticSeverity.Error)
      .map((d) => ({ line: d.range.start.line, character: d.range.start.character, message: typeof d.message === 'string' ? d.message : d.message.value, code: d.code === undefined ? undefined : String(d.code) }))
      .sort((a, b) => a.line - b.line || a.character - b.character);
  } finally {
    service.closeDocument(CHECK_URI);
  }
}
