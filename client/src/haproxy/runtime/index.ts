// The Runtime API client: `import { RuntimeClient } from './haproxy/runtime'`.
export * from './errors';
export * from './transport';
export * from './showStat';
export * from './parsers';
export * from './replies';
export * from './client';
export * from './runtimeEndpoint';
