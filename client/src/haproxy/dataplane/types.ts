// Public model types, taken from the generated spec types (v3 shapes; v2 objects are the same
// fields or a subset for everything the client exposes).
import type { components as V3 } from './generated/v3';
import type { components as V2 } from './generated/v2';

type S3 = V3['schemas'];

export type ApiVersion = 'v3' | 'v2';

export type ApiError = S3['error'];
export type Info = S3['info'];
export type Transaction = S3['transaction'];
export type TransactionStatus = NonNullable<Transaction['status']>;
export type Reload = S3['reload'];
export type Frontend = S3['frontend'];
export type Backend = S3['backend'];
export type Defaults = S3['defaults'];
export type Server = S3['server'];
export type Bind = S3['bind'];
export type Acl = S3['acl'];
export type HttpRequestRule = S3['http_request_rule'];
export type RuntimeServer = S3['runtime_server'];
export type RuntimeAddServer = S3['runtime_add_server'];
export type NativeStat = S3['native_stat'];
export type NativeStatStats = S3['native_stat_stats'];
export type ProcessInfo = S3['process_info'];

/** v2 answers config GETs as `{_version, data}`. */
export interface V2Envelope<T> {
  _version?: number;
  data: T;
}
export type V2NativeStats = V2['schemas']['native_stats'];
export type V2ProcessInfos = V2['schemas']['process_infos'];
export type V2RuntimeServer = V2['schemas']['runtime_server'];

/** Where a write goes: staged in a transaction, or applied now against a known version. */
export type WriteTarget = { transactionId: string } | { version: number; forceReload?: boolean };

export interface WriteResult<T> {
  status: number;
  data: T;
  /** Set when the change was applied outside a transaction and a reload was queued. */
  reloadId?: string;
}

export interface CommitResult {
  status: number;
  transaction: Transaction;
  /** Set when the reload was queued (202); absent with `forceReload` (200). */
  reloadId?: string;
}

export interface RawConfiguration {
  text: string;
  version: number;
  checksum?: string;
}

export interface RawPushOptions {
  /** Current version; required unless `skipVersion` or `onlyValidate`. */
  version?: number;
  skipVersion?: boolean;
  onlyValidate?: boolean;
  skipReload?: boolean;
  forceReload?: boolean;
}

export interface RawPushResult {
  status: number;
  /** New configuration version (from `Configuration-Version`), when the server sent it. */
  version?: number;
  reloadId?: string;
}

export type ParentType = 'frontend' | 'backend';

export interface StatsFilter {
  type?: 'frontend' | 'backend' | 'server';
  name?: string;
  /** Backend name, with `type: 'server'`. */
  parent?: string;
}

/** The writable runtime fields. `weight` exists only in v3. */
export type RuntimeServerChange = Pick<RuntimeServer, 'admin_state' | 'operational_state' | 'weight' | 'address' | 'port'>;
