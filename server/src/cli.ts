// `haproxy-workbench`: the command-line face of the same modules the extension uses.
import { endpointUsage, runEndpointCommand } from './cli/endpointCommands';
import { registerDataplaneEndpoint } from './cli/dataplaneEndpoint';

registerDataplaneEndpoint();

const usage = `usage: haproxy-workbench <command> [options]

commands:
  lint FILE...      check haproxy.cfg files
  status            show proxies and servers of a running HAProxy
  server ...        change a server's state or weight

${endpointUsage}`;

function main(argv: string[]): number {
  const [command] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(usage + '\n');
    return command ? 0 : 2;
  }
  process.stderr.write(`haproxy-workbench: unknown command '${command}'\n${usage}\n`);
  return 2;
}

const args = process.argv.slice(2);
if (args[0] === 'status' || args[0] === 'server') {
  void runEndpointCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => (process.exitCode = code));
} else {
  process.exitCode = main(args);
}
