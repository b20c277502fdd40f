// The one application error and the Express middleware that turns errors into JSON.
import type { ErrorRequestHandler } from 'express'
import type { Logger } from './log.js'

/**
 * An error whose message is safe to show to the client. `status` is the HTTP status; `field`
 * names the request field at fault, when one is.
 */
export class AppError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'AppError'
  }

  /** 400 for a request field that fails validation. */
  static badInput(message: string, field?: string): AppError {
    return new AppError(400, message, field)
  }

  /** 404 for something that does not exist. */
  static notFound(message: string): AppError {
    return new AppError(404, message)
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  status: number
  error: string
  field?: string
}

/** Body-parser errors carry a `type` and a `status`; these are their client-facing messages. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'malformed JSON in request body',
  'entity.too.large': 'request body is too large',
  'encoding.unsupported': 'unsupported content encoding',
  'charset.unsupported': 'unsupported charset',
  'request.aborted': 'request aborted',
}

/** Maps any thrown value to a status and a message safe to send. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) {
    return err.field === undefined ? { status: err.status, error: err.message } : { status: err.status, error: err.message, field: err.field }
  }
  const e = err as { type?: unknown; status?: unknown } | null
  if (e && typeof e.type === 'string' && typeof e.status === 'number' && BODY_ERRORS[e.type]) {
    return { status: e.status, error: BODY_ERRORS[e.type]! }
  }
  return { status: 500, error: 'internal server error' }
}

/**
 * The Express error middleware: every error becomes `{status, error, field?}` with the matching
 * status code. Unexpected errors (500) are logged with their stack; client errors at debug level.
 */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err)
    const body = toErrorBody(err)
    if (body.status >= 500) log.error('request failed', { method: req.method, path: req.path, error: (err as Error)?.stack ?? String(err) })
    else log.debug('request refused', { method: req.method, path: req.path, status: body.status, error: body.error })
    res.status(body.status).json(body)
  }
}
