import type { PackError } from './validate-pack';

/** Thrown where a caller needs a pack or nothing; carries every problem found, not just the first. */
export class PackLoadError extends Error {
  readonly errors: PackError[];
  constructor(errors: PackError[]) {
    super(`indicator pack has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map(formatPackError).join('\n')}`);
    this.name = 'PackLoadError';
    this.errors = errors;
  }
}

/** `file: path: message`, the line format the build script and CLI print. */
export function formatPackError(e: PackError): string {
  return e.path === '' ? `${e.file}: ${e.message}` : `${e.file}: ${e.path}: ${e.message}`;
}
