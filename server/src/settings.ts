// The server's settings (`haproxy.*`), wherever they come from: pulled with workspace/configuration
// (VS Code and most clients), pushed in didChangeConfiguration, or given once as initializationOptions
// (clients without configuration support). Also the choice of the target HAProxy version.
import { resolveVersion, knownVersions } from './catalog/catalog';

export interface FormatOptions {
  /** Spaces per indentation level of section bodies. */
  indent: number;
  alignServerColumns: boolean;
}

export interface WorkbenchSettings {
  /** `haproxy.version`: "" = the binary's version, else the newest known. */
  version: string;
  /** `haproxy.executablePath`: "" = `haproxy` on PATH. */
  executablePath: string;
  /** `haproxy.check.onSave`: run `haproxy -c` on save. */
  checkOnSave: boolean;
  format: FormatOptions;
}

export const DEFAULT_SETTINGS: Readonly<WorkbenchSettings> = Object.freeze({
  version: '',
  executablePath: '',
  checkOnSave: true,
  format: Object.freeze({ indent: 4, alignServerColumns: false }),
});

export const MAX_INDENT = 16;

export interface SettingsRead {
  settings: WorkbenchSettings;
  /** One line per value that was ignored, naming the setting and what was wrong. */
  problems: string[];
}

/**
 * Reads the `haproxy` settings section as VS Code returns it (`{ version, check: { onSave } }`);
 * dotted keys (`{ "check.onSave": false }`) are accepted too. Missing values keep `base`; wrong ones
 * keep `base` and are reported.
 */
export function readSettings(section: unknown, base: Readonly<WorkbenchSettings> = DEFAULT_SETTINGS): SettingsRead {
  const problems: string[] = [];
  const settings: WorkbenchSettings = { ...base, format: { ...base.format } };
  if (section === undefined || section === null) return { settings, problems };
  if (!isObject(section)) return { settings, problems: [`haproxy settings: expected an object, got ${describe(section)}`] };
  const value = (path: string): unknown => lookup(section, path);
  const text = (path: string, apply: (v: string) => void) => {
    const v = value(path);
    if (v === undefined || v === null) return;
    if (typeof v === 'string') apply(v.trim());
    else problems.push(`haproxy.${path}: expected a string, got ${describe(v)}`);
  };
  const flag = (path: string, apply: (v: boolean) => void) => {
    const v = value(path);
    if (v === undefined || v === null) return;
    if (typeof v === 'boolean') apply(v);
    else problems.push(`haproxy.${path}: expected true or false, got ${describe(v)}`);
  };
  text('version', (v) => { settings.version = v; });
  text('executablePath', (v) => { settings.executablePath = v; });
  flag('check.onSave', (v) => { settings.checkOnSave = v; });
  flag('format.alignServerColumns', (v) => { settings.format.alignServerColumns = v; });
  const indent = value('format.indent');
  if (indent !== undefined && indent !== null) {
    if (typeof indent === 'number' && Number.isInteger(indent) && indent >= 1 && indent <= MAX_INDENT) settings.format.indent = indent;
    else problems.push(`haproxy.format.indent: expected a whole number from 1 to ${MAX_INDENT}, got ${describe(indent)}`);
  }
  return { settings, problems };
}

/** What the client says in initializationOptions: `{ trusted?: boolean, haproxy?: { ...settings } }`. */
export interface InitializationOptions {
  /** Workspace trust (VS Code); other clients have no such notion and count as trusted. */
  trusted: boolean;
  /** The `haproxy` settings section, for clients that cannot answer workspace/configuration. */
  section: unknown;
}

export function readInitializationOptions(options: unknown): InitializationOptions {
  if (!isObject(options)) return { trusted: true, section: undefined };
  return { trusted: options.trusted !== false, section: options.haproxy };
}

/**
 * The binary that may be run for `haproxy -c` and version detection, or undefined. In an untrusted
 * workspace the VS Code client sends only the user-level `haproxy.executablePath`, so a non-empty
 * value is the user's own choice; `haproxy` from PATH is not run there (a workspace can put its own
 * `haproxy` first on PATH through its environment or terminal settings).
 */
export function runnableExecutable(settings: Pick<WorkbenchSettings, 'executablePath'>, trusted: boolean): string | undefined {
  if (settings.executablePath) return settings.executablePath;
  return trusted ? 'haproxy' : undefined;
}

export interface TargetVersion {
  /** A catalog version ("2.6"). */
  version: string;
  /** Why this one, for the log. */
  reason: string;
  /** Set when the requested or detected version is not an exact catalog version: tell the user once. */
  note?: string;
}

/**
 * The version to validate against: `haproxy.version` if set; else the version the binary reports;
 * else the newest catalog version.
 */
export async function chooseTargetVersion(
  settings: Pick<WorkbenchSettings, 'version' | 'executablePath'>,
  trusted: boolean,
  detect: (executable: string) => Promise<string | undefined>,
): Promise<TargetVersion> {
  if (settings.version) {
    const resolved = resolveVersion(settings.version);
    const target: TargetVersion = { version: resolved.version, reason: `haproxy.version is "${settings.version}"` };
    if (resolved.note) target.note = `haproxy.version "${settings.version}": ${resolved.note}`;
    return target;
  }
  const newest = knownVersions().at(-1) ?? '3.4';
  const executable = runnableExecutable(settings, trusted);
  if (!executable) return { version: newest, reason: 'no haproxy.version set and the workspace is not trusted (no binary run); using the newest known' };
  const detected = await detect(executable);
  if (!detected) return { version: newest, reason: `no haproxy.version set and '${executable}' could not be run; using the newest known` };
  const resolved = resolveVersion(detected);
  const target: TargetVersion = { version: resolved.version, reason: `'${executable}' is HAProxy ${detected}` };
  if (resolved.note) target.note = `${executable} (HAProxy ${detected}): ${resolved.note}`;
  return target;
}

function lookup(section: Record<string, unknown>, path: string): unknown {
  if (path in section) return section[path];
  let current: unknown = section;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}
