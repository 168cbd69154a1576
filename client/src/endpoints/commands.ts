// HAProxy: Add Endpoint… / Edit Endpoint… / Remove Endpoint / Set Password…
// Guided input, validated as typed; the connection is tested before saving. Passwords go to
// SecretStorage only.
import * as vscode from 'vscode';
import type { ServersTreeProvider } from '../views/serversTree';
import type { AnyNode } from '../views/serversModel';
import { errorMessage } from '../views/errors';
import { describeEndpoint, parseRuntimeApi, validateDataPlaneUrl, validateEndpointName, type EndpointSettings } from './config';
import { createEndpoint, passwordKey, type EndpointRegistry, writeEndpointsSetting, readEndpointsSetting } from './registry';

type Kind = 'unix' | 'tcp' | 'master' | 'dataplane';

export function registerEndpointCommands(
  context: vscode.ExtensionContext,
  registry: EndpointRegistry,
  tree: ServersTreeProvider,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const secrets = context.secrets;
  return [
    vscode.commands.registerCommand('haproxy.endpoints.add', () => addOrEdit(undefined)),
    vscode.commands.registerCommand('haproxy.endpoints.edit', async (node?: AnyNode) => {
      const name = node?.endpointName ?? (await pickEndpoint(registry, 'Edit which endpoint?'));
      const existing = name ? registry.settings(name) : undefined;
      if (existing) await addOrEdit(existing);
    }),
    vscode.commands.registerCommand('haproxy.endpoints.remove', async (node?: AnyNode) => {
      const name = node?.endpointName ?? (await pickEndpoint(registry, 'Remove which endpoint?'));
      if (!name) return;
      const answer = await vscode.window.showWarningMessage(`Remove the endpoint '${name}' (and its stored password)?`, { modal: true }, 'Remove');
      if (answer !== 'Remove') return;
      await writeEndpointsSetting(readEndpointsSetting().endpoints.filter((e) => e.name !== name));
      await secrets.delete(passwordKey(name));
      output.info(`endpoint '${name}' removed`);
    }),
    // A string second argument is the password itself (scripted use, tests): no prompt.
    vscode.commands.registerCommand('haproxy.endpoints.setPassword', async (node?: AnyNode, given?: unknown) => {
      const name = node?.endpointName ?? (await pickEndpoint(registry, 'Set the Data Plane API password of which endpoint?', (e) => e.dataPlaneApi !== undefined));
      const settings = name ? registry.settings(name) : undefined;
      if (!settings) return;
      if (!settings.dataPlaneApi) {
        void vscode.window.showInformationMessage(`'${settings.name}' uses the Runtime API socket, which has no password.`);
        return;
      }
      const password = typeof given === 'string' && given !== '' ? given : await vscode.window.showInputBox({
        title: `Password of ${settings.dataPlaneApi.user} on ${settings.dataPlaneApi.url}`,
        password: true,
        ignoreFocusOut: true,
        prompt: 'Kept in VS Code\'s secret storage, never in settings.',
        validateInput: (v) => (v === '' ? 'the password is empty' : undefined),
      });
      if (password === undefined) return;
      await secrets.store(passwordKey(settings.name), password);
      output.info(`password of endpoint '${settings.name}' updated in the secret storage`);
      await tree.refresh(settings.name);
    }),
  ];

  async function addOrEdit(existing: EndpointSettings | undefined): Promise<void> {
    const flow = await askEndpoint(registry, existing);
    if (!flow) return;
    const { password } = flow;
    // The guided input does not ask for the metrics' Prometheus: an edit keeps what the settings had.
    const settings: EndpointSettings = existing?.prometheus || existing?.prometheusLabels
      ? { ...flow.settings, ...(existing.prometheus ? { prometheus: existing.prometheus } : {}), ...(existing.prometheusLabels ? { prometheusLabels: existing.prometheusLabels } : {}) }
      : flow.settings;
    const keptPassword = password ?? (existing ? await secrets.get(passwordKey(existing.name)) : undefined);
    const tested = await testConnection(settings, keptPassword);
    if (!tested.ok) {
      const choice = await vscode.window.showWarningMessage(
        `Could not reach '${settings.name}': ${tested.message}`,
        { modal: true, detail: `${describeEndpoint(settings)}. Save it anyway? The view keeps retrying at every refresh.` },
        'Save Anyway',
      );
      if (choice !== 'Save Anyway') return;
    } else {
      void vscode.window.showInformationMessage(`Connected to '${settings.name}': ${tested.message}.`);
    }
    const current = readEndpointsSetting().endpoints;
    const list = existing && current.some((e) => e.name === existing.name)
      ? current.map((e) => (e.name === existing.name ? settings : e))
      : [...current.filter((e) => e.name !== settings.name), settings];
    if (existing && existing.name !== settings.name) await secrets.delete(passwordKey(existing.name));
    if (keptPassword !== undefined && settings.dataPlaneApi) await secrets.store(passwordKey(settings.name), keptPassword);
    await writeEndpointsSetting(list);
    output.info(`endpoint '${settings.name}' ${existing ? 'updated' : 'added'}: ${describeEndpoint(settings)}`);
  }

  async function testConnection(settings: EndpointSettings, password: string | undefined): Promise<{ ok: boolean; message: string }> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${settings.name}…` }, async () => {
      try {
        const endpoint = await createEndpoint(settings, secrets, password);
        try {
          const snapshot = await endpoint.snapshot();
          const backends = snapshot.proxies.filter((p) => p.kind === 'backend').length;
          return { ok: true, message: `${backends} backends, ${snapshot.servers.length} servers` };
        } finally {
          await endpoint.dispose();
        }
      } catch (error) {
        return { ok: false, message: errorMessage(error) };
      }
    });
  }
}

async function pickEndpoint(registry: EndpointRegistry, title: string, filter: (e: EndpointSettings) => boolean = () => true): Promise<string | undefined> {
  const items = registry.endpoints.filter(filter).map((e) => ({ label: e.name, description: describeEndpoint(e) }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No matching HAProxy endpoint is configured: run "HAProxy: Add Endpoint…".');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

/** The guided questions; undefined when the user cancels. */
async function askEndpoint(registry: EndpointRegistry, existing: EndpointSettings | undefined): Promise<{ settings: EndpointSettings; password?: string } | undefined> {
  const kinds: Array<vscode.QuickPickItem & { endpointKind: Kind }> = [
    { endpointKind: 'unix', label: 'Runtime API: unix socket', detail: 'stats socket /run/haproxy/admin.sock level admin' },
    { endpointKind: 'tcp', label: 'Runtime API: TCP', detail: 'stats socket ipv4@127.0.0.1:9999 level admin' },
    { endpointKind: 'master', label: 'Runtime API through the master CLI', detail: 'haproxy -W -S /run/haproxy-master.sock: commands go to the current worker' },
    { endpointKind: 'dataplane', label: 'Data Plane API', detail: 'https://host:5555 with a user and password' },
  ];
  const currentKind: Kind | undefined = existing ? kindOf(existing) : undefined;
  const kind = (await vscode.window.showQuickPick(kinds.map((k) => ({ ...k, picked: k.endpointKind === currentKind })), { title: 'How is this HAProxy reached?', ignoreFocusOut: true }))?.endpointKind;
  if (!kind) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'Endpoint name',
    value: existing?.name ?? '',
    prompt: 'Shown in the HAProxy view, e.g. lb1-prod',
    ignoreFocusOut: true,
    validateInput: (value) => validateEndpointName(value) ?? (value !== existing?.name && registry.settings(value) ? `an endpoint named '${value}' exists` : undefined),
  });
  if (name === undefined) return undefined;
  const group = existing?.group;
  if (kind !== 'dataplane') {
    const runtimeApi = await askRuntimeApi(kind, existing?.runtimeApi);
    return runtimeApi === undefined ? undefined : { settings: clean({ name, runtimeApi, group }) };
  }
  return askDataPlane(name, group, existing?.dataPlaneApi);
}

function kindOf(settings: EndpointSettings): Kind {
  if (settings.dataPlaneApi) return 'dataplane';
  if (settings.runtimeApi?.startsWith('master:')) return 'master';
  return settings.runtimeApi?.startsWith('/') || settings.runtimeApi?.startsWith('unix') ? 'unix' : 'tcp';
}

async function askRuntimeApi(kind: Exclude<Kind, 'dataplane'>, current: string | undefined): Promise<string | undefined> {
  const examples = { unix: '/run/haproxy/admin.sock', tcp: '127.0.0.1:9999', master: 'master:/run/haproxy-master.sock' };
  const value = await vscode.window.showInputBox({
    title: 'Runtime API socket',
    value: current ?? (kind === 'master' ? 'master:' : ''),
    placeHolder: examples[kind],
    prompt: kind === 'master' ? 'master:PATH or master:HOST:PORT; add @2 for the previous worker, @!PID for a given worker' : 'The `stats socket` address (level admin for changes)',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const spec = kind === 'master' && !v.startsWith('master:') ? `master:${v}` : v;
      try {
        parseRuntimeApi(spec);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (value === undefined) return undefined;
  return kind === 'master' && !value.startsWith('master:') ? `master:${value}` : value.trim();
}

async function askDataPlane(name: string, group: string | undefined, current: EndpointSettings['dataPlaneApi']): Promise<{ settings: EndpointSettings; password?: string } | undefined> {
  const url = await vscode.window.showInputBox({ title: 'Data Plane API URL', value: current?.url ?? 'https://', placeHolder: 'https://lb1.example.com:5555', ignoreFocusOut: true, validateInput: validateDataPlaneUrl });
  if (url === undefined) return undefined;
  const user = await vscode.window.showInputBox({ title: 'Data Plane API user', value: current?.user ?? 'admin', ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'the user is empty' : undefined) });
  if (user === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: `Password of ${user}`,
    password: true,
    ignoreFocusOut: true,
    prompt: current ? 'Leave empty to keep the stored password' : 'Kept in VS Code\'s secret storage, never in settings',
    validateInput: (v) => (v === '' && !current ? 'the password is empty' : undefined),
  });
  if (password === undefined) return undefined;
  let tlsInsecure: boolean | undefined;
  let caFile: string | undefined;
  if (url.startsWith('https:')) {
    const tls = await vscode.window.showQuickPick(
      [
        { label: 'Verify the certificate with the system\'s trusted CAs', id: 'system' },
        { label: 'Verify with a CA file…', id: 'ca' },
        { label: 'Accept any certificate (self-signed lab only)', id: 'insecure' },
      ],
      { title: 'TLS certificate check', ignoreFocusOut: true },
    );
    if (!tls) return undefined;
    if (tls.id === 'insecure') tlsInsecure = true;
    if (tls.id === 'ca') {
      const picked = await vscode.window.showOpenDialog({ title: 'CA certificate (PEM)', canSelectMany: false, filters: { 'PEM certificates': ['pem', 'crt', 'cer'] } });
      if (!picked?.[0]) return undefined;
      caFile = picked[0].fsPath;
    }
  }
  const settings = clean({ name, group, dataPlaneApi: clean({ url: url.trim(), user: user.trim(), tlsInsecure, caFile }) });
  return { settings, password: password === '' ? undefined : password };
}

/** Drops undefined keys so the settings JSON stays tidy. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
