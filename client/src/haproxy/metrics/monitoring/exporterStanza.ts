// The frontend that serves HAProxy's built-in Prometheus exporter (HAProxy 2.4+ built with
// USE_PROMEX, as Debian's and the official images are), for configs that have none yet.
import type { ConfigFacts } from './configFacts';

export const DEFAULT_EXPORTER_PORT = 8405;

export interface ExporterStanza {
  frontend: string;
  port: number;
  path: string;
  text: string;
}

/** A frontend name and port the config does not use yet. */
export function exporterStanza(facts: ConfigFacts, options: { port?: number; bindHost?: string } = {}): ExporterStanza {
  let frontend = 'prometheus';
  for (let i = 2; facts.proxyNames.has(frontend); i++) frontend = `prometheus_${i}`;
  let port = options.port ?? DEFAULT_EXPORTER_PORT;
  while (options.port === undefined && facts.boundPorts.has(port)) port++;
  const path = '/metrics';
  const text = [
    `frontend ${frontend}`,
    '    mode http',
    `    bind ${options.bindHost ?? ''}:${port}`,
    `    http-request use-service prometheus-exporter if { path ${path} }`,
    '    no log',
    '',
  ].join('\n');
  return { frontend, port, path, text };
}
