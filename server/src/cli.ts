// `haproxy-workbench`: the command-line face of the same modules the extension uses.
import { endpointUsage, runEndpointCommand } from './cli/endpointCommands';
import { runLint } from './cli/lint';
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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

const args = process.argv.slice(2);
if (args[0] === 'lint') {
  void runLint(args.slice(1), { stdout: process.stdout, stderr: process.stderr, readStdin }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`haproxy-workbench lint: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
} else if (args[0] === 'status' || args[0] === 'server') {
  void runEndpointCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => (process.exitCode = code));
} else {
  process.exitCode = main(args);
}
