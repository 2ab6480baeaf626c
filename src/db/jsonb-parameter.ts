/** jsonb's binary form: a version byte, then the JSON text. */
const JSONB_VERSION = 1;

/**
 * A jsonb parameter already encoded as UTF-8. node-postgres sends a Buffer as a binary parameter
 * (through toPostgres), so a batch's megabyte of rows is copied as bytes instead of measured and
 * encoded again as a string; the server reads it as it reads text. PGlite takes the JSON text
 * (see PgliteDialect), as before.
 *
 * @example sql`select ${JsonbParameter.fromUtf8Parts([Buffer.from('[1]')])}::jsonb`
 */
export class JsonbParameter {
  private constructor(private readonly binary: Buffer) {}

  /** The JSON text as UTF-8, in parts (each part whole characters). */
  static fromUtf8Parts(parts: readonly Buffer[]): JsonbParameter {
    return new JsonbParameter(Buffer.concat([Buffer.of(JSONB_VERSION), ...parts]));
  }

  /** Called by node-postgres: a Buffer is sent in binary format. */
  toPostgres(): Buffer {
    return this.binary;
  }

  /** The JSON text. */
  get json(): string {
    return this.binary.toString('utf8', 1);
  }
}
