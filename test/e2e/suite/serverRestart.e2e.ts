// Reliability in the editor: the language server process is killed (by pid, from the extension
// host); the client restarts it, and diagnostics follow edits again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openDocument, replaceLine, revertAndCloseAll, waitFor, waitForDiagnostics } from './helpers';

const FILE = 'unclosed-quote.haproxy';
const QUOTE_LINE = 4;

/** Pids of language servers started by THIS extension host (`--clientProcessId=<our pid>`). */
function languageServerPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('dist/server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

suite('server restart', () => {
  teardown(revertAndCloseAll);

  test('a killed language server is restarted and diagnostics follow edits again', async function () {
    this.timeout(60_000);
    const document = await openDocument(FILE);
    await waitForDiagnostics(document.uri, (all) => all.some((d) => d.range.start.line === QUOTE_LINE), 20_000);
    await waitFor('the language server process', () => languageServerPids().length === 1, 20_000);
    const [first] = languageServerPids();
    process.kill(first!, 'SIGKILL');
    await waitFor(`pid ${first} to end`, () => !alive(first!));
    await waitFor('a new language server process', () => languageServerPids().some((pid) => pid !== first && alive(pid)), 30_000);
    // The restarted server has the document again: an edit moves the problem to another line.
    await replaceLine(document, QUOTE_LINE, '    http-request set-header X-Env "staging"');
    await replaceLine(document, QUOTE_LINE + 1, '    http-request return status 200 content-type text/plain string "ok');
    const after = await waitForDiagnostics(document.uri, (all) => all.some((d) => d.range.start.line === QUOTE_LINE + 1) && !all.some((d) => d.range.start.line === QUOTE_LINE), 30_000);
    assert.ok(after.every((d) => d.range.start.line !== QUOTE_LINE));
    assert.equal(languageServerPids().length, 1, 'exactly one server runs after the restart (no crash loop)');
    assert.ok(vscode.window.visibleTextEditors.length > 0);
    // The one "restarted" notification must not cover later suites' screenshots.
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
