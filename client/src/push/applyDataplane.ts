// Applying a push plan through the Data Plane API. Structured plans go into one transaction
// started on the version the plan was made from: stage every operation, commit, follow the
// Reload-ID. Raw plans are one version-checked raw push. Any failure before the commit takes
// effect deletes the transaction (rollback); a version conflict changes nothing and says so.
import type { DataPlaneClient, WaitOptions } from '../haproxy/dataplane/client';
import { BadRequestError, ConfigurationChangedError, DataPlaneError, ReloadFailedError, TransactionNotAcceptableError } from '../haproxy/dataplane/errors';
import type { Backend, Frontend, RawConfiguration, WriteTarget } from '../haproxy/dataplane/types';
import type { Operation } from './operations';
import { planPush, type Plan } from './plan';

/** What a push is based on: the running configuration (text + version) and the plan against it. */
export interface PreparedPush {
  running: RawConfiguration;
  localText: string;
  plan: Plan;
}

export type ApplyStage = 'start' | 'operation' | 'commit' | 'reload' | 'push';

export type ApplyOutcome =
  | { status: 'nothing-to-do' }
  | {
      status: 'applied';
      method: 'transaction' | 'raw';
      /** Configuration version after the change, when known. */
      version?: number;
      reloadId?: string;
      /** `succeeded` once a followed reload finished; `none` when no reload was needed or announced. */
      reload: 'succeeded' | 'none';
      operationCount: number;
    }
  /** The configuration changed on the server since the plan was made: nothing was applied. */
  | { status: 'conflict'; message: string }
  | {
      status: 'failed';
      stage: ApplyStage;
      /** HAProxy's (or the API's) own words. */
      message: string;
      operation?: Operation;
      operationIndex?: number;
      /** The transaction was deleted (nothing staged survives). */
      rolledBack: boolean;
      /** The new configuration was written (the failure came after: the reload). */
      committed: boolean;
      /** Stage `reload`: HAProxy refused the new configuration (`failed`), or the wait ended without an answer (`unknown`). */
      reload?: 'failed' | 'unknown';
      /** After a failed reload: the configuration version the push wrote, if it could be read (restoreReplaced needs it). */
      writtenVersion?: number;
    };

export type ApplyStep =
  | { kind: 'transaction-started'; transactionId: string }
  | { kind: 'operation'; index: number; operation: Operation }
  | { kind: 'staged'; transactionId: string }
  | { kind: 'committed'; reloadId?: string }
  | { kind: 'pushed'; reloadId?: string };

export interface ApplyOptions {
  /** Called before each step; a test may change the server here to provoke conflicts or failures. */
  onStep?: (step: ApplyStep) => void | Promise<void>;
  reload?: WaitOptions;
}

/** Fetches the running configuration and plans the push of `localText` against it. */
export async function preparePush(client: DataPlaneClient, localText: string): Promise<PreparedPush> {
  const running = await client.getRawConfiguration();
  return { running, localText, plan: planPush(running.text, localText, { api: client.api }) };
}

export type Validation = { valid: true } | { valid: false; message: string };

/** `only_validate`: HAProxy checks the text on the endpoint; nothing is written. */
export async function validateOnEndpoint(client: DataPlaneClient, text: string): Promise<Validation> {
  try {
    await client.pushRawConfiguration(text, { onlyValidate: true });
    return { valid: true };
  } catch (error) {
    if (error instanceof BadRequestError) return { valid: false, message: apiMessage(error) };
    throw error;
  }
}

export async function applyPlan(client: DataPlaneClient, prepared: PreparedPush, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const { plan } = prepared;
  if (plan.method === 'none') return { status: 'nothing-to-do' };
  return plan.method === 'raw' ? pushRaw(client, prepared, options) : runTransaction(client, prepared, options);
}

async function runTransaction(client: DataPlaneClient, prepared: PreparedPush, options: ApplyOptions): Promise<ApplyOutcome> {
  const operations = prepared.plan.operations;
  let transactionId: string;
  try {
    transactionId = String((await client.startTransaction(prepared.running.version)).id);
  } catch (error) {
    if (isConflict(error)) return { status: 'conflict', message: apiMessage(error) };
    return { status: 'failed', stage: 'start', message: describe(error), rolledBack: false, committed: false };
  }
  await options.onStep?.({ kind: 'transaction-started', transactionId });
  const target: WriteTarget = { transactionId };
  const rollback = async (): Promise<{ rolledBack: boolean; note: string }> => {
    try {
      await client.deleteTransaction(transactionId);
      return { rolledBack: true, note: '' };
    } catch (error) {
      return { rolledBack: false, note: ` (deleting transaction ${transactionId} also failed: ${describe(error)})` };
    }
  };
  for (const [index, operation] of operations.entries()) {
    await options.onStep?.({ kind: 'operation', index, operation });
    try {
      await applyOperation(client, operation, target);
    } catch (error) {
      const { rolledBack, note } = await rollback();
      return { status: 'failed', stage: 'operation', message: describe(error) + note, operation, operationIndex: index, rolledBack, committed: false };
    }
  }
  await options.onStep?.({ kind: 'staged', transactionId });
  let reloadId: string | undefined;
  try {
    reloadId = (await client.commitTransaction(transactionId)).reloadId;
  } catch (error) {
    const { rolledBack, note } = await rollback();
    if (isConflict(error)) return { status: 'conflict', message: apiMessage(error) + note };
    // The commit's answer was lost (timeout, reset) yet the transaction is gone and the version
    // moved on: it was committed. Say so rather than "nothing was applied".
    if (!rolledBack && (await versionMovedFrom(client, prepared.running.version))) return finish(client, 'transaction', undefined, operations.length, options, undefined);
    return { status: 'failed', stage: 'commit', message: describe(error) + note, rolledBack, committed: false };
  }
  await options.onStep?.({ kind: 'committed', reloadId });
  return finish(client, 'transaction', reloadId, operations.length, options, undefined);
}

async function versionMovedFrom(client: DataPlaneClient, version: number): Promise<boolean> {
  const now = await client.getConfigurationVersion().catch(() => undefined);
  return now !== undefined && now > version;
}

async function pushRaw(client: DataPlaneClient, prepared: PreparedPush, options: ApplyOptions): Promise<ApplyOutcome> {
  let result;
  try {
    result = await client.pushRawConfiguration(prepared.localText, { version: prepared.running.version });
  } catch (error) {
    if (isConflict(error)) return { status: 'conflict', message: apiMessage(error) };
    return { status: 'failed', stage: 'push', message: describe(error), rolledBack: false, committed: false };
  }
  await options.onStep?.({ kind: 'pushed', reloadId: result.reloadId });
  return finish(client, 'raw', result.reloadId, prepared.plan.operations.length, options, result.version);
}

/** Follows the reload (when one was announced) and reads the new version. */
async function finish(client: DataPlaneClient, method: 'transaction' | 'raw', reloadId: string | undefined, operationCount: number, options: ApplyOptions, knownVersion: number | undefined): Promise<ApplyOutcome> {
  if (reloadId) {
    try {
      await client.waitForReload(reloadId, options.reload);
    } catch (error) {
      if (!(error instanceof ReloadFailedError)) return { status: 'failed', stage: 'reload', message: describe(error), rolledBack: false, committed: true, reload: 'unknown' };
      const message = `reload ${reloadId} failed: ${error.apiMessage ?? error.message}`;
      const writtenVersion = knownVersion ?? (await client.getConfigurationVersion().catch(() => undefined));
      return { status: 'failed', stage: 'reload', message, rolledBack: false, committed: true, reload: 'failed', ...(writtenVersion === undefined ? {} : { writtenVersion }) };
    }
  }
  const version = knownVersion ?? (await client.getConfigurationVersion().catch(() => undefined));
  return { status: 'applied', method, version, reloadId, reload: reloadId ? 'succeeded' : 'none', operationCount };
}

export type RestoreOutcome =
  | { status: 'restored'; version?: number }
  /** The configuration changed on the server after the push: nothing was overwritten. */
  | { status: 'conflict'; message: string }
  | { status: 'failed'; message: string };

/**
 * After a push whose reload failed, HAProxy still runs the configuration the push replaced while
 * the file holds the new one (the next reload, by anyone, would fail the same way). This writes
 * the replaced configuration back, without a reload: HAProxy never left it. Version-checked
 * against what the push wrote, so a change someone made since is not overwritten.
 */
export async function restoreReplaced(client: DataPlaneClient, replaced: RawConfiguration, writtenVersion: number): Promise<RestoreOutcome> {
  try {
    const text = replaced.text.replace(/^# _version\s*=\s*\d+\r?\n/, ''); // the API's bookkeeping line: it writes its own
    const result = await client.pushRawConfiguration(text, { version: writtenVersion, skipReload: true });
    return { status: 'restored', version: result.version ?? (await client.getConfigurationVersion().catch(() => undefined)) };
  } catch (error) {
    if (isConflict(error)) return { status: 'conflict', message: apiMessage(error) };
    return { status: 'failed', message: describe(error) };
  }
}

/** One structured operation, staged in the transaction `target`. */
export async function applyOperation(client: DataPlaneClient, operation: Operation, target: WriteTarget): Promise<void> {
  switch (operation.kind) {
    case 'create-proxy':
      // ProxyFields is the subset of the spec's frontend/backend fields the planner sets.
      if (operation.proxy === 'backend') await client.backends.create(operation.object as Backend, target);
      else await client.frontends.create(operation.object as Frontend, target);
      return;
    case 'delete-proxy':
      await (operation.proxy === 'backend' ? client.backends : client.frontends).delete(operation.name, target);
      return;
    case 'update-proxy':
      return updateProxy(client, operation, target);
    case 'create-server':
      await client.servers(operation.backend).create(operation.server, target);
      return;
    case 'replace-server':
      await client.servers(operation.backend).replace(operation.name, operation.server, target);
      return;
    case 'delete-server':
      await client.servers(operation.backend).delete(operation.name, target);
      return;
    case 'create-bind':
      await client.binds(operation.frontend).create(operation.bind, target);
      return;
    case 'replace-bind':
      await client.binds(operation.frontend).replace(operation.name, operation.bind, target);
      return;
    case 'delete-bind':
      await client.binds(operation.frontend).delete(operation.name, target);
      return;
    case 'create-acl':
      await client.acls(operation.parentType, operation.parent).create(operation.index, operation.acl, target);
      return;
    case 'delete-acl':
      await client.acls(operation.parentType, operation.parent).delete(operation.index, target);
      return;
    case 'create-http-request-rule':
      await client.httpRequestRules(operation.parentType, operation.parent).create(operation.index, operation.rule, target);
      return;
    case 'delete-http-request-rule':
      await client.httpRequestRules(operation.parentType, operation.parent).delete(operation.index, target);
      return;
  }
}

/**
 * A PUT replaces the whole section object, so the current one is read from the transaction,
 * only the planned fields are changed, and all others are sent back as they were.
 */
async function updateProxy(client: DataPlaneClient, operation: Extract<Operation, { kind: 'update-proxy' }>, target: WriteTarget): Promise<void> {
  const resource = operation.proxy === 'backend' ? client.backends : operation.proxy === 'frontend' ? client.frontends : client.defaults;
  const current = (await resource.get(operation.name, 'transactionId' in target ? { transactionId: target.transactionId } : {})) as Record<string, unknown>;
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(operation.set)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  await resource.replace(operation.name, next as never, target);
}

/** A stale version (409), or a transaction the server marked outdated (406; a `failed` one is not a conflict). */
function isConflict(error: unknown): boolean {
  if (error instanceof ConfigurationChangedError) return true;
  return error instanceof TransactionNotAcceptableError && !/\bfailed\b/i.test(error.apiMessage ?? '');
}

/** HAProxy's or the API's own message when there is one. */
export function apiMessage(error: unknown): string {
  if (error instanceof DataPlaneError && error.apiMessage) return error.apiMessage;
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  if (error instanceof DataPlaneError && error.apiMessage) return `${error.apiMessage} (${error.method} ${error.url} → ${error.status ?? error.kind})`;
  return error instanceof Error ? error.message : String(error);
}
