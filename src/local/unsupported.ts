/** A statement the local warehouse cannot run; its message says what is not supported. */
export class UnsupportedSql extends Error {
  override name = 'UnsupportedSql';
}
