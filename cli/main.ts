/** The `loganomaly` command line: subcommand dispatch, usage and exit codes. */
import { DEFAULT_READ_OPTIONS } from '../shared/reading/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { mineCommand } from './mine.ts';

const USAGE = `Usage:
  loganomaly mine <file|dir> [--output out.jsonl] [--max-line-bytes N]

Commands:
  mine   Mine templates from raw logs (plain text, JSON lines, CloudWatch exports; gzip or not).
         Writes one JSON object per input line, in input order:
         {"file","line","templateId","template","params","timestamp","level","component"}

Options:
  -o, --output <path>     Write the JSON lines there instead of standard output.
      --max-line-bytes N  Longest line kept; longer lines are truncated and counted (default ${DEFAULT_READ_OPTIONS.maxLineBytes}).
  -h, --help              Show this help.
`;

/**
 * Runs the CLI.
 * @returns the process exit status.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'mine':
        return await mineCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`loganomaly: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    process.stderr.write(`loganomaly: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}
