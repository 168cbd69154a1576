// Workspace trust for the language server's settings (no vscode import: unit-tested in Node).
// In an untrusted workspace the server may run only a binary the user chose in their own (global)
// settings: workspace-level `haproxy.executablePath` values are replaced by the user-level one in
// every workspace/configuration answer.

/** One workspace/configuration item's answer, with the executable path restricted when untrusted. */
export function restrictConfigurationValue(section: string | undefined, value: unknown, trusted: boolean, userExecutablePath: string | undefined): unknown {
  if (trusted) return value;
  const userValue = userExecutablePath ?? '';
  if (section === 'haproxy.executablePath') return userValue;
  if (section === 'haproxy' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { ...(value as Record<string, unknown>), executablePath: userValue };
  }
  if ((section === undefined || section === '') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const root = value as Record<string, unknown>;
    const haproxy = root.haproxy;
    if (typeof haproxy === 'object' && haproxy !== null) return { ...root, haproxy: { ...(haproxy as Record<string, unknown>), executablePath: userValue } };
  }
  return value;
}

/** The initializationOptions the VS Code client sends (see server/src/settings.ts). */
export function languageServerInitializationOptions(trusted: boolean): { trusted: boolean } {
  return { trusted };
}
