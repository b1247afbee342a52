/** The `loganomaly` command line: subcommand dispatch, usage and exit codes. */
import { DEFAULT_READ_OPTIONS } from '../shared/reading/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { analyzeCommand } from './analyze.ts';
import { mineCommand } from './mine.ts';
import { QUERY_USAGE, queryCommand } from './query.ts';

const USAGE = `Usage:
  loganomaly analyze --input <file|dir> --output <dir> [--config config.yaml] [--emit-lines] [--dry-run-llm]
                     [--show-results] [--quiet|--verbose]
  loganomaly --input <file|dir> --output <dir> ...      (the same as analyze)
  loganomaly mine <file|dir> [--output out.jsonl] [--max-line-bytes N]
  loganomaly query [--run ID] [--object bucket/key] [--since ISO] [--until ISO] [--severity S] [--template ID]
                   [--tag T] [--limit N] [--json] [--table NAME [--endpoint URL] | --store DIR]

Commands:
  analyze  Find what is unusual in raw logs: floods, bursts, silences, rare and new templates, parameter drift,
           outlying time windows (LOF), leaked credentials; classify each anomalous template (built-in rules, or
           the model of llm.provider). Runs the pipeline's state machine on this machine. For each file writes
           <name>.summary.json, <name>.anomalies.json, <name>.templates.json and <name>.dashboard.html (and
           index.html for a folder); with --emit-lines <name>.lines.jsonl: {"line","templateId","anomaly","score"}
           per input line. A second run into the same --output compares with the first (new templates) and
           reuses its verdicts.
  mine   Mine templates from raw logs (plain text, JSON lines, CloudWatch exports; gzip or not).
         Writes one JSON object per input line, in input order:
         {"file","line","templateId","template","params","timestamp","level","component"}
  query  Show the anomalies of earlier runs, newest first: from a local output folder's store (--store, default
         out/) or from the DynamoDB anomaly table (--table). A table, or one JSON array with --json.

analyze options:
  -i, --input <path>      A log file or a folder of them (gzip or not).
  -o, --output <dir>      Where the results go (created if needed).
  -c, --config <file>     YAML or JSON configuration (detectors, llm, workflow); unknown keys are warned about.
      --emit-lines        Also write one verdict per input line.
      --dry-run-llm       Send nothing to a model: print, as JSON lines, exactly what would be sent.
      --show-results      Open the dashboard when done (or serve it on a local port where no browser can open).
      --bucket <name>     Run against this S3 bucket instead of the embedded store: inputs go to incoming/.
      --s3-endpoint <url> An S3-protocol server for --bucket (default: AWS_ENDPOINT_URL_S3, else AWS).
      --table <name>      Write runs, anomalies and baselines to this DynamoDB table.
      --verdict-table <n> Keep verdicts in this DynamoDB table.
      --dynamodb-endpoint <url>  DynamoDB Local or another endpoint for --table (default: AWS_ENDPOINT_URL_DYNAMODB).
  -q, --quiet             Only warnings and errors.
  -v, --verbose           Also the pipeline's log lines and each state's duration.

  Examples:
    loganomaly analyze --input /var/log/app --output report/
    loganomaly analyze --input app.log.gz --output report/ --config config.yaml --dry-run-llm

mine options:
  -o, --output <path>     Write the JSON lines there instead of standard output.
      --max-line-bytes N  Longest line kept; longer lines are truncated and counted (default ${DEFAULT_READ_OPTIONS.maxLineBytes}).

  Examples:
    loganomaly mine app.log.gz --output app.templates.jsonl
    loganomaly mine /var/log/app | head

${QUERY_USAGE}
  Examples:
    loganomaly query --severity critical                  (the last local run into out/)
    loganomaly query --store report/ --tag database --since 2024-05-01 --json
    loganomaly query --table LogAnomaly-prod-AnomaliesTable… --object my-bucket/incoming/app.log

  -h, --help              Show this help (also after any command: loganomaly analyze --help).
`;

/**
 * Runs the CLI.
 * @returns the process exit status.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  try {
    switch (command) {
      case 'analyze':
        return await analyzeCommand(rest);
      case 'mine':
        return await mineCommand(rest);
      case 'query':
        return await queryCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        // The bare form of the tool we replace: `loganomaly --input … --output … --config …`.
        if (command.startsWith('--input') || command === '-i') return await analyzeCommand(argv);
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
