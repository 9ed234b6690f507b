import { Command, CommanderError } from 'commander'
import { KontorError } from '../../shared/errors'
import { systemClock } from '../core/clock'
import { findProjectRoot, packageVersion } from '../paths'
import { UsageError, type CliContext, type RegisterCommands } from './context'
import { registerDbCommands } from './commands/db'
import { registerDoctorCommand } from './commands/doctor'
import { registerSlaCommands } from './commands/sla'
import { registerWebCommand } from './commands/web'
import { registerServerCommands } from './commands/server'
import { registerMailCommands } from './commands/mail'
import { registerDemoCommands } from './commands/demo'

/** Every command group; each feature adds its register function here. */
const COMMANDS: RegisterCommands[] = [
  registerDbCommands,
  registerDoctorCommand,
  registerWebCommand,
  registerSlaCommands,
  registerMailCommands,
  registerServerCommands,
  registerDemoCommands,
]

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('kontor')
    .description('Kontor: B2B customer-service console (core, sync and checks)')
    .version(packageVersion(ctx.root))
    .showHelpAfterError(false)
  program.configureOutput({
    writeOut: (s) => ctx.stdout(s),
    writeErr: (s) => ctx.stderr(s),
  })
  for (const register of COMMANDS) register(program, ctx)
  // Every command and sub-command: no surprise exits, unknown options are errors.
  const harden = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: () => {} })
    if (cmd !== program && cmd.commands.length > 0) {
      // A bare group (`kontor db`) is bad usage, not a silent success.
      cmd.action(() => {
        const names = cmd.commands.map((c) => c.name()).join(', ')
        throw new UsageError(`"kontor ${cmd.name()}" needs a command: ${names}`)
      })
    }
    cmd.commands.forEach(harden)
  }
  harden(program)
  return program
}

/**
 * Run the CLI and return the exit code: 0 ok, 1 failure, 2 bad usage (one line on stderr).
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx)
  try {
    process.exitCode = undefined
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0
      ctx.stderr(`kontor: ${error.message.replace(/^error: /, '').split('\n')[0]} (see --help)\n`)
      return 2
    }
    if (error instanceof UsageError) {
      ctx.stderr(`kontor: ${error.message} (see --help)\n`)
      return 2
    }
    if (error instanceof KontorError) {
      ctx.stderr(`kontor: ${error.message}\n`)
      return 1
    }
    ctx.stderr(`kontor: ${(error as Error).message ?? String(error)}\n`)
    return 1
  } finally {
    process.exitCode = undefined
  }
}

export function processContext(): CliContext {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    clock: systemClock,
    root: findProjectRoot(__dirname),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processContext()).then((code) => {
    process.exitCode = code
  })
}
