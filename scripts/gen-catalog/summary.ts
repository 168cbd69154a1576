// Counts per category and version, sizes, and notes (discrepancies) for the generator's output.
import type { BuildOutput } from './build';

export function summary(out: BuildOutput, files: Record<string, string>, verbose: boolean): string {
  const rows = out.catalogs.map((c) => {
    const count = (section: string): number => c.keywords.filter((k) => k.sections.includes(section)).length;
    const proxy = c.keywords.filter((k) => k.origin === 'matrix').length;
    return [c.version, c.keywords.filter((k) => k.sections.includes('global') && k.origin === 'list').length, count('global'),
      proxy, c.keywords.filter((k) => k.name.startsWith('option ')).length,
      c.sectionTypes.length, c.keywords.filter((k) => !k.sections.some((s) => ['global', 'defaults', 'frontend', 'listen', 'backend'].includes(s))).length,
      c.serverOptions.length, c.bindOptions.length, c.actions.length, c.fetches.length, c.converters.length,
      Object.keys(c.choices).length, c.keywords.filter((k) => k.deprecated).length, c.notes.length].join('\t');
  });
  const head = ['ver', 'global(list)', 'global(all)', 'proxy(4.1)', 'options', 'sections', 'other-kw', 'server-opt', 'bind-opt', 'actions', 'fetches', 'converters', 'choices', 'deprecated', 'notes'].join('\t');
  const sizes = Object.entries(files).map(([n, t]) => `${n} ${(Buffer.byteLength(t) / 1024).toFixed(0)} KiB`).join(', ');
  const notes = out.catalogs.flatMap((c) => (verbose ? c.notes : c.notes.slice(0, 8)).map((n) => `  [${c.version}] ${n}`));
  const hidden = out.catalogs.reduce((s, c) => s + c.notes.length, 0) - notes.length;
  return [head, ...rows, `docs: ${Object.keys(out.docs).length} distinct blocks`, `files: ${sizes}`, 'notes:', ...notes,
    hidden > 0 ? `  ... ${hidden} more (run with --verbose)` : ''].join('\n') + '\n';
}
