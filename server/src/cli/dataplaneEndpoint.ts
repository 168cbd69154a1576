// `--dataplane URL --user U` for `status` and `server ...`: the Data Plane API Endpoint plugged
// into the CLI's factory slot. The factory is synchronous and the client must first detect /v3
// or /v2, so the Endpoint connects on its first call.
import type { AddServerOptions, Endpoint, ServerAdminState, Snapshot, Weight } from '../../../client/src/haproxy/endpoint';
import { DataPlaneEndpoint } from '../../../client/src/haproxy/dataplane/endpoint';
import { setDataplaneEndpointFactory, type EndpointSpec } from './endpointCommands';

type DataplaneSpec = Extract<EndpointSpec, { api: 'dataplane' }>;

export class LazyDataplaneEndpoint implements Endpoint {
  readonly label: string;
  private connection?: Promise<DataPlaneEndpoint>;

  constructor(private readonly spec: DataplaneSpec, private readonly timeoutMs?: number) {
    this.label = spec.url;
  }

  private endpoint(): Promise<DataPlaneEndpoint> {
    this.connection ??= DataPlaneEndpoint.connect({ baseUrl: this.spec.url, username: this.spec.user, password: this.spec.password, timeoutMs: this.timeoutMs });
    return this.connection;
  }

  async snapshot(): Promise<Snapshot> {
    return (await this.endpoint()).snapshot();
  }

  async setServerState(backend: string, server: string, state: ServerAdminState): Promise<void> {
    return (await this.endpoint()).setServerState(backend, server, state);
  }

  async setWeight(backend: string, server: string, weight: Weight): Promise<void> {
    return (await this.endpoint()).setWeight(backend, server, weight);
  }

  async setHealthChecks(backend: string, server: string, enabled: boolean): Promise<void> {
    return (await this.endpoint()).setHealthChecks(backend, server, enabled);
  }

  async addServer(backend: string, server: string, address: string, port: number, options?: AddServerOptions): Promise<void> {
    return (await this.endpoint()).addServer(backend, server, address, port, options);
  }

  async deleteServer(backend: string, server: string): Promise<void> {
    return (await this.endpoint()).deleteServer(backend, server);
  }

  async dispose(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await connection.then((endpoint) => endpoint.dispose(), () => undefined);
  }
}

/** Makes `--dataplane` available (called once by the CLI's entry point). */
export function registerDataplaneEndpoint(): void {
  setDataplaneEndpointFactory((spec, timeoutMs) => new LazyDataplaneEndpoint(spec, timeoutMs));
}
