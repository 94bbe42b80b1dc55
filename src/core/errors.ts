/** Where in an input a problem was found: as precise as the caller knows. */
export interface InputLocation {
  file?: string;
  line?: number;
  row?: number;
  field?: string;
}

/**
 * Bad user input (a file, a flag, a record). The message names what was wrong and where, so the
 * CLI can print it as is.
 */
export class InputError extends Error {
  readonly location: InputLocation;

  constructor(message: string, location: InputLocation = {}) {
    super(`${formatLocation(location)}${message}`);
    this.name = 'InputError';
    this.location = location;
  }

  static isInstance(error: unknown): error is InputError {
    return error instanceof Error && error.name === 'InputError';
  }
}

function formatLocation({ file, line, row, field }: InputLocation): string {
  const parts = [
    file,
    line !== undefined ? `line ${line}` : undefined,
    row !== undefined ? `row ${row}` : undefined,
    field !== undefined ? `field "${field}"` : undefined,
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')}: ` : '';
}
