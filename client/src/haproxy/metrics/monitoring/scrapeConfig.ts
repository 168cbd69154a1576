// prometheus.yml scraping HAProxy's exporter, with the alert rules file loaded.
import { stringify } from 'yaml';

export interface ScrapeOptions {
  /** `host:port` of each HAProxy's exporter. */
  targets: string[];
  metricsPath: string;
  jobName: string;
  /** Prometheus duration (`15s`). */
  scrapeInterval: string;
  /** File name of the alert rules, relative to prometheus.yml. */
  rulesFile: string;
}

const durationPattern = /^(\d+(ms|s|m|h|d|w|y))+$/;
const targetPattern = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/** Checks the options; returns every problem, one line each. */
export function scrapeOptionErrors(options: ScrapeOptions): string[] {
  const errors: string[] = [];
  if (options.targets.length === 0) errors.push('give at least one HAProxy host to scrape');
  for (const target of options.targets) if (!targetPattern.test(target)) errors.push(`'${target}' is not host:port (e.g. lb1.example.com:8405)`);
  if (!durationPattern.test(options.scrapeInterval)) errors.push(`'${options.scrapeInterval}' is not a Prometheus duration (e.g. 15s)`);
  if (!/^[a-zA-Z_][\w-]*$/.test(options.jobName)) errors.push(`'${options.jobName}' is not a usable job name`);
  if (!options.metricsPath.startsWith('/')) errors.push(`metrics path '${options.metricsPath}' must start with /`);
  return errors;
}

export function scrapeConfigYaml(options: ScrapeOptions, header: string): string {
  const errors = scrapeOptionErrors(options);
  if (errors.length > 0) throw new Error(`cannot write the scrape config: ${errors.join('; ')}`);
  const config = {
    global: { scrape_interval: options.scrapeInterval, evaluation_interval: options.scrapeInterval },
    rule_files: [options.rulesFile],
    scrape_configs: [
      {
        job_name: options.jobName,
        metrics_path: options.metricsPath,
        static_configs: [{ targets: options.targets }],
      },
    ],
  };
  return `${header}${stringify(config, { lineWidth: 0 })}`;
}
