import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ApiClient } from './api-client';
import { launch } from './commands/launch';
import { exportCases, overdue } from './commands/cases';
import { createKey } from './commands/keys';
import { reindex } from './commands/reindex';
import { CliFailure, CliIo } from './io';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** The banli command line for offices, writing to `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('banli')
    .description('banli 建议提案办理 — 交办、逾期查询、导出、密钥 (talks to the banli API over HTTP)')
    .option('--api <url>', `banli API base URL (env: BANLI_API_URL; default ${DEFAULT_API_URL})`)
    .option('--key <key>', 'API key, sent as Authorization: Bearer (env: BANLI_API_KEY)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  // Options win over the environment (io.env: the process's, or a test's).
  const client = (cmd: Command): ApiClient => {
    const { api, key } = cmd.optsWithGlobals<{ api?: string; key?: string }>();
    return new ApiClient(api ?? io.env.BANLI_API_URL ?? DEFAULT_API_URL, key ?? io.env.BANLI_API_KEY);
  };

  program
    .command('launch')
    .description('交办：上传交办清单（.xlsx 或 UTF-8 .csv），显示启动进度')
    .argument('<file>', 'the assignment sheet (see GET /api/cycles/template.xlsx)')
    .requiredOption('--cycle <id>', 'cycle id (批次编号), lower-case letters, digits, hyphens')
    .option('--title <title>', 'cycle title (批次标题); required unless --add')
    .option('--assigned-on <date>', 'assignment date YYYY-MM-DD (交办日期); default today in China')
    .option('--jurisdiction <name>', 'jurisdiction (行政区域), e.g. 天津市东丽区')
    .option('--session-closed-on <date>', 'the session’s close YYYY-MM-DD (闭会日期)')
    .option('--policy-overrides <file>', 'a JSON file of policy overrides per kind')
    .option('--add', 'add the sheet’s cases to a launched cycle (闭会件)')
    .option('--poll-interval <ms>', 'how often to read the launch’s progress', positiveInt, 500)
    .action(async (file: string, options, cmd: Command) => launch(client(cmd), io, file, options));

  program
    .command('overdue')
    .description('逾期件：列出已逾期的件')
    .option('--unit <unit>', 'only cases this unit leads or co-handles (承办单位)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options, cmd: Command) => overdue(client(cmd), io, options));

  program
    .command('export')
    .description('导出：全部件（或一个批次的件）为 CSV 或 JSON')
    .option('--cycle <id>', 'only this cycle')
    .option('--format <format>', 'csv (UTF-8 with BOM, opens in Excel) or json', 'csv')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (options, cmd: Command) => exportCases(client(cmd), io, options));

  program
    .command('reindex')
    .description('重建统计库：从 Temporal 重新写入每一件及其协办（统计库丢失或统计口径变更后）')
    .option('--poll-interval <ms>', 'how often to read the reindex’s progress', positiveInt, 1000)
    .action(async (options, cmd: Command) => reindex(client(cmd), io, options));

  const keys = program.command('keys').description('API 密钥');
  keys
    .command('create')
    .description('创建 API 密钥（密钥只显示这一次）')
    .requiredOption('--role <role>', 'office, unit-handler, unit-leader, supervisor, integrator or public')
    .option('--unit <unit>', 'the unit the key acts for (required for unit-handler and unit-leader)')
    .option('--name <name>', 'who holds the key (recorded as the actor of its steps); default the unit or role')
    .option('--expires-at <instant>', 'when the key stops working, e.g. 2027-01-01T00:00:00+08:00')
    .action(async (options, cmd: Command) => createKey(client(cmd), io, options));

  return program;
}

/** Runs the CLI on `argv` (without node and the script); the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliFailure) {
      io.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
