// `npm run export -- <document id> --format docx --out FILE [--clean] [--final]`: exports a
// document of the data directory (DATA_DIR, as the server reads it) to a file (export-command.ts).
import { loadConfig } from '../config.js'
import { parseExportArgs, runExport, UsageError, USAGE, type ExportCommand } from './export-command.js'

/** The command's entry: exit 0 with the file written, 2 for a bad command line, 1 when the export fails. */
async function main(): Promise<number> {
  let command: ExportCommand
  try {
    command = parseExportArgs(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`${err.message ? `export: ${err.message}\n` : ''}${USAGE}\n`)
    return err.message ? 2 : 0
  }
  try {
    const { dataDir } = loadConfig()
    const { path, bytes } = await runExport(command, dataDir)
    process.stdout.write(`wrote ${path} (${command.format}, ${bytes} bytes)\n`)
    return 0
  } catch (err) {
    // an unknown document, a refused final export, a bad DATA_DIR: each error names the problem
    process.stderr.write(`export: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}

process.exitCode = await main()
