// The one error an importer throws: what was wrong with the file, safe to show to the person who sent it.
import { AppError } from '../errors.js'

/**
 * A file that cannot be imported (empty, too large, not what its type says, malformed or unsafe
 * XML, an unknown format). An AppError, so the API answers it as 4xx JSON with this message:
 * 413 for a file over the size limit, 415 for a format Pacta does not read, 400 otherwise.
 */
export class ImportError extends AppError {
  constructor(message: string, status: 400 | 413 | 415 = 400) {
    super(status, message, 'file')
    this.name = 'ImportError'
  }
}
