// Public surface of the Data Plane API client.
export { DataPlaneClient, type DataPlaneClientOptions, type WaitOptions } from './client';
export { DataPlaneEndpoint, normaliseStatusText } from './endpoint';
export * from './errors';
export type { TransportOptions } from './http';
export { ConfigResource, IndexedConfigResource, targetQuery } from './resources';
export type * from './types';
