import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import { ImportError } from '../modules/importer/import.validation.ts';
import { CliError } from './cli-error.ts';

// Commands load their modules on demand: `kopir migrate` should not pay for the whole web server.
const commands = () => import('./commands.ts');

const program = new Command('kopir').description('Kopir: technology tasks meet research institutes').showHelpAfterError();

program.command('serve').description('run the web app and API (default port 3000)').action(async () => {
  const { serve } = await import('../main.ts');
  await serve(loadConfig());
});
program.command('migrate').description('apply database migrations').action(async () => (await commands()).runMigrate(loadConfig()));
program.command('seed').description('load the demo organisations, tasks and accounts (idempotent)').action(async () => (await commands()).runSeed(loadConfig()));
program
  .command('import')
  .description('import institutes and tasks from a JSON file (idempotent by externalId)')
  .argument('<file>', 'JSON file in the import format (see README)')
  .action(async (file: string) => (await commands()).runImport(loadConfig(), file));
program
  .command('reindex')
  .description('rebuild the search indexes from the database (with a progress bar)')
  .action(async () => (await commands()).runReindex(loadConfig()));

const token = program.command('token').description('API tokens for integrations');
token
  .command('create')
  .description('create a token acting for an organisation (--org) or as platform admin (--role admin); printed last')
  .requiredOption('--name <name>', 'what the token is for')
  .option('--org <organisation name>', 'act as a member of this organisation')
  .option('--role <role>', '"admin" for a platform-admin token')
  .action(async (options) => (await commands()).runTokenCreate(loadConfig(), options));

const user = program.command('user').description('accounts');
user
  .command('create')
  .description('create an account, optionally in an organisation or as platform admin')
  .requiredOption('--email <email>')
  .requiredOption('--name <full name>')
  .option('--password <password>', 'at least 10 characters and hard to guess; generated and printed when omitted')
  .option('--org <organisation name>', 'add the account to this organisation')
  .option('--role <role>', 'owner or member (with --org)', 'member')
  .option('--admin', 'make the account a platform administrator')
  .action(async (options) => (await commands()).runUserCreate(loadConfig(), options));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ImportError) {
    console.error(error.message);
    for (const problem of error.problems.slice(0, 20)) {
      console.error(`  - ${problem.record}${problem.externalId ? ` (${problem.externalId})` : ''} ${problem.field}: ${problem.message}`);
    }
    if (error.problems.length > 20) console.error(`  … and ${error.problems.length - 20} more`);
  } else if (error instanceof ConfigError || error instanceof DataDirBusyError || error instanceof CliError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
}
