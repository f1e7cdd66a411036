/** A statement the local warehouse cannot run; its message says what is not supported. */
export class UnsupportedSql extends Error {
  override name = 'UnsupportedSql';
}

/** What Redshift does not have, with the Redshift way where there is one. */
export function foreignConstruct(what: string, hint?: string): UnsupportedSql {
  return new UnsupportedSql(`${what} is not supported by Amazon Redshift${hint ? `: ${hint}` : ''}`);
}

/** What Redshift has and the local warehouse cannot do yet, with Redshift's page. */
export function localConstruct(what: string, doc: string, hint?: string): UnsupportedSql {
  return new UnsupportedSql(
    `${what} is not supported by the local warehouse yet${hint ? `: ${hint}` : ''} (Redshift: https://docs.aws.amazon.com/redshift/latest/dg/${doc})`,
  );
}
