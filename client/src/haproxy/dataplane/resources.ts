// Structured configuration objects (frontends, backends, servers, binds, ACLs, rules): one
// class for objects keyed by name, one for objects keyed by position (ACLs and rules).
import type { HttpRequest } from './http';
import type { WriteResult, WriteTarget } from './types';

/** The part of DataPlaneClient the resources use (avoids a circular import). */
export interface ResourceHost {
  readonly api: 'v3' | 'v2';
  call<T>(options: HttpRequest & { expect: number[] }): Promise<{ data: T; response: { status: number; headers: Record<string, string | string[] | undefined> } }>;
  readConfig<T>(path: string, query?: HttpRequest['query']): Promise<T>;
}

type Query = Record<string, string | number | boolean | undefined>;

/** `?transaction_id=` or `?version=&force_reload=` (the API refuses both, and neither). */
export function targetQuery(target: WriteTarget): Query {
  return 'transactionId' in target ? { transaction_id: target.transactionId } : { version: target.version, force_reload: target.forceReload || undefined };
}

function reloadIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['reload-id'];
  return Array.isArray(value) ? value[0] : value;
}

abstract class BaseResource<T, K extends string | number> {
  constructor(
    protected readonly host: ResourceHost,
    protected readonly collectionPath: string,
    protected readonly parentQuery: Query,
  ) {}

  protected itemPath(key: K): string {
    return `${this.collectionPath}/${encodeURIComponent(String(key))}`;
  }

  list(options: { transactionId?: string } = {}): Promise<T[]> {
    return this.host.readConfig<T[]>(this.collectionPath, { ...this.parentQuery, transaction_id: options.transactionId });
  }

  get(key: K, options: { transactionId?: string } = {}): Promise<T> {
    return this.host.readConfig<T>(this.itemPath(key), { ...this.parentQuery, transaction_id: options.transactionId });
  }

  async replace(key: K, value: T, target: WriteTarget): Promise<WriteResult<T>> {
    return this.write<T>('PUT', this.itemPath(key), value, target, [200, 202]);
  }

  async delete(key: K, target: WriteTarget): Promise<WriteResult<void>> {
    return this.write<void>('DELETE', this.itemPath(key), undefined, target, [202, 204]);
  }

  protected async write<R>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, target: WriteTarget, expect: number[]): Promise<WriteResult<R>> {
    const { data, response } = await this.host.call<R>({ method, path, body, query: { ...this.parentQuery, ...targetQuery(target) }, expect });
    return { status: response.status, data, reloadId: reloadIdOf(response.headers) };
  }
}

/** Objects keyed by name: frontends, backends, defaults, servers, binds. */
export class ConfigResource<T> extends BaseResource<T, string> {
  create(value: T, target: WriteTarget): Promise<WriteResult<T>> {
    return this.write<T>('POST', this.collectionPath, value, target, [201, 202]);
  }
}

/** Objects keyed by position: ACLs and http-request rules (v3 creates at `/{index}`, v2 posts `index` in the body). */
export class IndexedConfigResource<T> extends BaseResource<T, number> {
  constructor(host: ResourceHost, collectionPath: string, parentQuery: Query, private readonly indexInBody: boolean) {
    super(host, collectionPath, parentQuery);
  }

  create(index: number, value: T, target: WriteTarget): Promise<WriteResult<T>> {
    return this.indexInBody
      ? this.write<T>('POST', this.collectionPath, { ...value, index }, target, [201, 202])
      : this.write<T>('POST', this.itemPath(index), value, target, [201, 202]);
  }

  override replace(index: number, value: T, target: WriteTarget): Promise<WriteResult<T>> {
    return this.indexInBody ? this.write<T>('PUT', this.itemPath(index), { ...value, index }, target, [200, 202]) : super.replace(index, value, target);
  }
}
