// A small levelled logger writing one line per event; tests pass their own sink to read what was logged.
import { LOG_LEVELS, type LogLevel } from './config.js'

/** Structured context attached to a log line (document id, close code, …). */
export type LogFields = Record<string, string | number | boolean | null | undefined>

/** What the server logs through; one instance is passed down from `start()`. */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** One logged event, as handed to a sink. */
export interface LogRecord {
  level: Exclude<LogLevel, 'silent'>
  message: string
  fields: LogFields
  time: Date
}

/** Writes a record as `time level message key=value …` to stderr. */
export function stderrSink(record: LogRecord): void {
  const extra = Object.entries(record.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s|"/.test(v) ? JSON.stringify(v) : String(v)}`)
    .join(' ')
  process.stderr.write(`${record.time.toISOString()} ${record.level.padEnd(5)} ${record.message}${extra ? ' ' + extra : ''}\n`)
}

/** A logger that passes records at `level` or more severe to `sink`. */
export function createLogger(level: LogLevel, sink: (record: LogRecord) => void = stderrSink): Logger {
  const threshold = LOG_LEVELS.indexOf(level)
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(l) >= threshold) sink({ level: l, message, fields, time: new Date() })
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
