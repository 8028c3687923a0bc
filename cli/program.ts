/** The `synthledger` command tree (commander): every command, its options and help examples. */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { packageFile } from '../common/package-root';
import { CORRECTION_RECORD_CONTRACT } from '../schemas/contract-names';
import type { CommandContext } from './command-context';
import { EXIT } from './exit-codes';

type Action = (ctx: CommandContext, ...args: any[]) => Promise<number>; // eslint-disable-line @typescript-eslint/no-explicit-any -- commander passes positional args then options

/** Holds the exit status of the last action (commander actions cannot return one). */
export const outcome = { exitStatus: EXIT.OK as number };

/**
 * Command modules, loaded by the action that runs them: `--help`, `--version`
 * and usage errors load only commander, and `verify` never loads the Temporal
 * worker or the database driver.
 */
const commands = {
  audit: () => import('./commands/audit-commands'),
  demo: () => import('./commands/demo-command'),
  ledger: () => import('./commands/ledger-commands'),
  service: () => import('./commands/service-commands'),
  synthesis: () => import('./commands/synthesis-commands'),
  witness: () => import('./commands/witness-commands'),
  migrate: () => import('./commands/migrate-command'),
  site: () => import('./commands/site-commands'),
  log: () => import('./commands/log-commands'),
};

/** An action that loads its command module, then runs `name` from it. */
function act<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const [{ CommandContext: Context }, mod] = await Promise.all([import('./command-context'), load()]);
    const ctx = new Context(cmd.opts());
    try {
      const fn = mod[name] as unknown as Action;
      outcome.exitStatus = await fn(ctx, ...args.slice(0, -1));
    } catch (e) {
      outcome.exitStatus = ctx.out.error(e);
    } finally {
      await ctx.close();
    }
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The Temporal connection flags every command takes (the names Temporal's own CLI uses);
 * each wins over its variable (TEMPORAL_ADDRESS, TEMPORAL_TLS_CA, …), which wins over the profile.
 */
function connectionOptions(cmd: Command): Command {
  return cmd
    .option('--address <host:port>', 'Temporal frontend (env TEMPORAL_ADDRESS, default 127.0.0.1:7233)')
    .option('--namespace <name>', 'Temporal namespace (env TEMPORAL_NAMESPACE, default "default")')
    .option('--api-key <key>', 'API key, sent over TLS (env TEMPORAL_API_KEY)')
    .option('--tls', 'connect with TLS using the system CAs (env TEMPORAL_TLS=true)')
    .option('--tls-cert <file>', 'client certificate for mTLS, PEM (env TEMPORAL_TLS_CERT)')
    .option('--tls-key <file>', 'client private key for mTLS, PEM (env TEMPORAL_TLS_KEY)')
    .option('--tls-ca <file>', 'CA certificate that signed the server\'s, PEM (env TEMPORAL_TLS_CA)')
    .option('--tls-server-name <name>', 'server name to verify the certificate against (env TEMPORAL_TLS_SERVER_NAME)')
    .option('--profile <name>', 'environment-configuration profile (env TEMPORAL_PROFILE; file TEMPORAL_CONFIG_FILE, default ~/.config/temporalio/temporal.toml)');
}

function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Builds the program; `exitOverride` turns usage errors into CommanderError (exit status 2). */
export function buildProgram(): Command {
  const program = new Command('synthledger')
    .description('Durable, audited research syntheses on Temporal with an append-only, verifiable ledger in PostgreSQL.')
    .version((JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version)
    .showHelpAfterError('(run with --help for usage)')
    // Options after a command name belong to that command: `export --version 2` is the manifest version, not the program's.
    .enablePositionalOptions()
    .exitOverride();
  const sub = (name: string, description: string) => program.command(name).description(description).option('--json', 'print one JSON document on stdout').exitOverride();

  examples(sub('demo', 'run the seeds/001 question end to end on embedded defaults, then verify the bundle with the standalone verifier')
    .option('--id <synthesisId>', 'synthesis id (default: a fresh one)')
    .option('--out <dir>', 'bundle directory (default ./out/<synthesisId>)')
    .option('--question <text>', 'ask another question instead of the seeds/001 one')
    .action(act(commands.demo, 'demoCommand')), ['synthledger demo', 'npm run demo']);

  examples(sub('dev', 'start the Temporal dev server (Web UI), PostgreSQL, migrations and a worker; Ctrl-C stops all')
    .option('--ui-port <port>', 'Temporal Web UI port', '8233')
    .option('--ephemeral', 'keep Temporal state in memory instead of the cache directory')
    .option('--log-format <format>', 'log lines as pretty or json (env SYNTHLEDGER_LOG_FORMAT; default pretty on a terminal, else json)')
    .action(act(commands.service, 'devCommand')), ['synthledger dev', 'TEMPORAL_ADDRESS=127.0.0.1:7243 synthledger dev --ui-port 8243']);

  examples(sub('migrate', 'as the database owner: create or update the ledger schema and the database\'s application role (every other command uses that role)')
    .action(act(commands.migrate, 'migrateCommand')), ['DATABASE_URL=postgres://owner@db/synthledger synthledger migrate', 'npm run migrate']);

  examples(sub('worker', 'run a synthesis worker against an existing Temporal and PostgreSQL (scale out by running more)')
    .option('--log-format <format>', 'log lines as pretty or json (env SYNTHLEDGER_LOG_FORMAT; default pretty on a terminal, else json)')
    .action(act(commands.service, 'workerCommand')), ['DATABASE_URL=postgres://db/synthledger SYNTHLEDGER_APP_PASSWORD=… TEMPORAL_ADDRESS=temporal:7233 synthledger worker']);

  examples(sub('run', 'start a synthesis of <question>')
    .argument('<question>', 'the research question')
    .option('--id <synthesisId>', 'synthesis id: letters, digits and ._:- (default syn-<date>-<hex>)')
    .option('--wait', 'show live progress and the outcome; exports the bundle when published')
    .option('--queries <n>', 'query variants, 1–8 (default 4)')
    .option('--top <k>', 'sources kept after merging, 1–1000 (default 10)')
    .option('--threshold <x>', 'TF-IDF claim-to-source threshold, 0–1 (default 0.15)')
    .option('--revision-threshold <x>', 'tribunal score below which a revision round runs, 0–10 (default 6.5)')
    .option('--max-rounds <n>', 'revision rounds at most, 0–2 (default 2)')
    .option('--max-claims <n>', 'claims extracted per source, 1–20 (default 3)')
    .addOption(new Option('--source <name>', 'where sources come from (default corpus)').choices(['corpus', 'arxiv']))
    .addOption(new Option('--publication <mode>', 'what you will publish: evidence (the full bundle with the ledger stream and proofs: public provenance L4) or minimal (manifest, receipt, report: at most L3)').choices(['evidence', 'minimal']))
    .addOption(new Option('--provider <mode>', 'providers for this synthesis: auto (what the worker has configured), offline (local deterministic ones), network (the configured OpenAI-compatible endpoints)').choices(['auto', 'offline', 'network']))
    .option('--publisher <name>', 'publisher named in the manifest')
    .option('--review-timeout <duration>', 'how long a HUMAN_REVIEW waits, e.g. 30m, 12h, 7d (default 7d)')
    .option('--review-default <approve|reject>', 'what happens when the review wait expires (default reject)')
    .option('--out <dir>', 'with --wait: bundle directory (default ./out/<synthesisId>)')
    .option('--no-export', 'with --wait: do not export the bundle')
    .action(act(commands.synthesis, 'runCommand')), [
    'synthledger run "Does negative sampling help MRQA out-of-domain F1?" --wait',
    'synthledger run "..." --queries 6 --top 20 --threshold 0.2 --max-rounds 1 --id mrqa-2024-01',
    'synthledger run "..." --source arxiv --json']);

  examples(sub('status', 'progress and summary of a synthesis').argument('<id>', 'synthesis id')
    .action(act(commands.synthesis, 'statusCommand')), ['synthledger status syn-20250101-1a2b3c4d', 'synthledger status syn-20250101-1a2b3c4d --json']);

  examples(sub('list', 'the newest syntheses').option('--limit <n>', 'how many', '20')
    .action(act(commands.synthesis, 'listCommand')), ['synthledger list --limit 5']);

  examples(sub('review', 'approve or reject a synthesis waiting in HUMAN_REVIEW; without a decision, show what a reviewer needs (draft, policy reason, tribunal comments, evidence)').argument('<id>', 'synthesis id')
    .option('--approve', 'publish it').option('--reject', 'do not publish it')
    .option('--reviewer <name>', 'who decides (recorded in the ledger and the manifest)')
    .option('--note <text>', 'why')
    .action(act(commands.synthesis, 'reviewCommand')), ['synthledger review syn-20250101-1a2b3c4d', 'synthledger review syn-20250101-1a2b3c4d --approve --reviewer "Ann Editor" --note "claims checked"']);

  examples(sub('serve', 'serve the publication site (read-only over the ledger): syntheses, versions, ledger stream, history, bundles, reviewer\'s desk')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--log-format <format>', 'log lines as pretty or json (env SYNTHLEDGER_LOG_FORMAT; default pretty on a terminal, else json)')
    .action(act(commands.site, 'serveCommand')), ['synthledger serve', 'SYNTHLEDGER_OPERATOR_TOKEN=$(openssl rand -hex 16) synthledger serve --port 8080']);

  examples(sub('correct', `record a correction (${CORRECTION_RECORD_CONTRACT}) and publish manifest version n+1`).argument('<id>', 'synthesis id')
    .option('--file <correction.json>', 'the correction; missing contract/synthesisId/target.manifestHash/previousCorrectionHash/correctionId/issuedAt/resultingStatus are filled from the ledger')
    .option('--strict', 'send the file exactly as written')
    .option('--out <dir>', 'also export the new bundle here')
    .action(act(commands.synthesis, 'correctCommand')), [
    'synthledger correct syn-20250101-1a2b3c4d --file correction.json',
    'echo \'{"type":"ERRATUM","reasonCode":"typo","description":"…","rationale":"…","issuedBy":"editor@example.org"}\' > c.json']);

  examples(sub('history', 'timeline of a workflow: stages, activities, attempts and the ledger entries each wrote').argument('<id>', 'synthesis id (or correction:<id>)')
    .option('--run <runId>', 'a specific run').option('--save <file>', 'also save the history as JSON (for `replay`)')
    .action(act(commands.audit, 'historyCommand')), ['synthledger history syn-20250101-1a2b3c4d', 'synthledger history syn-20250101-1a2b3c4d --save h.json']);

  examples(sub('replay', "replay a workflow's history against today's workflow code").argument('<id|history.json>', 'workflow id or history file')
    .option('--run <runId>', 'a specific run')
    .action(act(commands.audit, 'replayCommand')), ['synthledger replay syn-20250101-1a2b3c4d', 'synthledger replay test/histories/some-history.json']);

  examples(sub('audit', 'cross-check the ledger stream of a synthesis against its workflow histories').argument('<id>', 'synthesis id')
    .action(act(commands.audit, 'auditCommand')), ['synthledger audit syn-20250101-1a2b3c4d']);

  examples(sub('export', 'write the published bundle: manifest.json, receipt.json, report.md, public-key.txt, verify-bundle.mjs and the evidence/ folder').argument('<id>', 'synthesis id')
    .option('--out <dir>', 'bundle directory (default ./out/<id>); must be new or empty unless --force').option('--version <n>', 'manifest version (default latest)')
    .option('--force', 'replace an existing file or non-empty directory at --out')
    .option('--minimal', 'only manifest, receipt, artifacts, key and verifier (no evidence/)')
    .action(act(commands.ledger, 'exportCommand')), ['synthledger export syn-20250101-1a2b3c4d --out bundle/', 'synthledger export syn-20250101-1a2b3c4d --out bundle/ --force']);

  examples(sub('verify', 'verify a bundle or a manifest + receipt offline (no database, no Temporal)').argument('<bundle-dir|manifest.json>', 'what to verify')
    .option('--receipt <file>', 'receipt (default receipt.json beside the manifest)')
    .option('--trusted-key <vkey>', "a log verifier key you trust, obtained from the publisher out of band (repeatable)", collect, [])
    .option('--trust-file <file>', 'trust-policy-v1 JSON: log origins and their keys, witnesses and quorum (docs/VERIFYING.md)')
    .option('--public-key <file>', 'a file holding one verifier key you trust (never the bundle\'s own public-key.txt)')
    .option('--since <bundle|receipt|checkpoint>', 'another version: an older one (bundle directory, receipt or checkpoint file) checks that the log only grew since; a later bundle or receipt also says that this version is superseded, and by which')
    .option('--artifacts <dir>', 'where the artifacts are (default beside the manifest)')
    .action(act(commands.ledger, 'verifyCommand')), [
    'synthledger verify out/syn-20250101-1a2b3c4d --trusted-key "synthledger.local/log+1a2b3c4d+AXyz…"',
    'synthledger verify out/v2 --trust-file trust.json --since out/v1',
    'SYNTHLEDGER_TRUSTED_KEYS="$(cat publisher-key.txt)" synthledger verify manifest.json --receipt receipt.json']);

  const ledger = program.command('ledger').description('the ledger itself');
  examples(ledger.command('verify').description('re-hash every entry, chain and the Merkle root against the latest signed checkpoint')
    .option('--stream <id>', 'verify one stream (a synthesis) only')
    .option('--public-key <key>', 'verifier key to check the checkpoint with (default: the key the database binds to the log)')
    .option('--threads <n>', 'worker threads that read and check ranges of the log, each over its own connection; 0: this thread only (default: one per core, at most 8, for logs of 131,072 entries or more)')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.ledger, 'ledgerVerifyCommand')), ['synthledger ledger verify', 'synthledger ledger verify --threads 4', 'synthledger ledger verify --stream syn-20250101-1a2b3c4d']);
  examples(ledger.command('prove-consistency').description('print the RFC 9162 consistency proof between two tree sizes of the log')
    .option('--from <n>', 'older tree size (at least 1)')
    .option('--to <m>', 'newer tree size (default: the log\'s size)')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.ledger, 'proveConsistencyCommand')), ['synthledger ledger prove-consistency --from 120 --to 180', 'synthledger ledger prove-consistency --from 120 --json']);
  examples(ledger.command('show').description('one ledger entry: its hash, header and payload').argument('<index|entry-hash>', 'log index (0, 1, …) or entry hash (sha256:…)')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.ledger, 'ledgerShowCommand')), ['synthledger ledger show 0', 'synthledger ledger show sha256:3f… --json']);
  ledger.exitOverride();

  const log = program.command('log').description('the log in standard forms');
  examples(log.command('tiles').description('write the log as C2SP tlog-tiles (checkpoint, hash tiles, entry bundles) for the latest checkpoint').argument('<dir>', 'output directory')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.log, 'logTilesCommand')), ['synthledger log tiles public/log']);
  log.exitOverride();

  examples(sub('checkpoint', "sign a checkpoint of the log's current size and root")
    .action(act(commands.ledger, 'checkpointCommand')), ['synthledger checkpoint']);

  examples(sub('keys', "the log's checkpoint key: init creates and binds it (only on a log without one), show prints the verifier key and a ready trust file, rotate hands over to --new-key")
    .argument('<action>', 'init | show | rotate')
    .option('--new-key <file>', 'rotate: file holding the new PRIVATE+KEY+… signer key')
    .action(act(commands.ledger, 'keysCommand')), ['synthledger keys init', 'synthledger keys show > publish-me.txt', 'synthledger keys rotate --new-key new.signer-key']);

  const temporalCmd = program.command('temporal').description('the Temporal namespace syntheses run in');
  examples(temporalCmd.command('setup').description('register the search attributes syntheses set (SynthesisStatus, SynthesisDecision, ReviewScore, VerificationLevel) on the namespace; once per namespace, before the first worker')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.service, 'temporalSetupCommand')), ['synthledger temporal setup --address temporal.example.org:7233 --namespace research']);
  temporalCmd.exitOverride();

  const witness = program.command('witness').description('an independent C2SP tlog-witness: cosigns checkpoints of the logs it is configured with, refuses split views');
  examples(witness.command('keygen').description('write a new witness signing key (mode 0600, never overwritten) and print its verifier key')
    .requiredOption('--name <name>', 'witness key name, e.g. witness.example.org/w1')
    .requiredOption('--key <file>', 'where to write the key')
    .option('--json', 'print one JSON document on stdout').exitOverride()
    .action(act(commands.witness, 'witnessKeygenCommand')), ['synthledger witness keygen --name witness.example.org/w1 --key witness.key']);
  examples(witness.command('serve').description('serve POST /add-checkpoint until Ctrl-C/SIGTERM; state (last cosigned checkpoint per log) persists in --state')
    .requiredOption('--key <file>', 'the witness signing key (from `witness keygen`)')
    .requiredOption('--state <dir>', 'state directory (created if missing; one witness process per directory)')
    .option('--port <n>', 'port to listen on, 0 for any free one (default 7380)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--log <verifierKey>', "a log to witness, by its verifier key; the log's origin is the key name (repeatable)", collect)
    .option('--log-config <file>', 'JSON {"logs":[{"origin":"…","keys":["<verifier key>",…]}]} for origins that differ from key names')
    .option('--json', 'print {"url","verifierKey"} on stdout once listening').exitOverride()
    .action(act(commands.witness, 'witnessServeCommand')), [
    'synthledger witness serve --key witness.key --state ./witness-state --log "$(synthledger keys show --json | jq -r .publicKey)"',
    'synthledger witness serve --key witness.key --state /var/lib/witness --host 0.0.0.0 --port 7380 --log-config logs.json']);
  witness.exitOverride();

  // Added last so each command's help lists its own options first.
  for (const cmd of [...program.commands.filter((c) => c !== ledger && c !== witness && c !== temporalCmd), ...ledger.commands, ...temporalCmd.commands]) connectionOptions(cmd);
  return program;
}

/** Runs the command line; returns the exit status. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version' || e.exitCode === 0) return EXIT.OK;
      return EXIT.INVALID_INPUT;
    }
    throw e;
  }
  return outcome.exitStatus;
}
