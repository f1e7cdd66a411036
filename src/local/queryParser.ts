// DuckDB's parser as the front end uses it: json_serialize_sql gives a query's tree, and
// json_deserialize_sql prints one back where the front end's own printer cannot. Both run on a
// connection of their own, prepared once and handed the text as a bound value (it is parsed,
// never run): about 0.25 ms a query instead of 0.6 ms for a statement planned each time.

import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';

export class QueryParser {
  /** One call at a time: a prepared statement is bound, then run. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly serializer: DuckDBPreparedStatement,
    private readonly deserializer: DuckDBPreparedStatement,
  ) {}

  static async open(instance: DuckDBInstance): Promise<QueryParser> {
    const connection = await instance.connect();
    try {
      const serializer = await connection.prepare('SELECT json_serialize_sql($1::VARCHAR)');
      const deserializer = await connection.prepare('SELECT json_deserialize_sql($1::JSON)');
      return new QueryParser(connection, serializer, deserializer);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
  }

  /** The tree of the statements in `text`, as JSON ({ error, statements }). */
  serialize(text: string): Promise<string> {
    return this.call(this.serializer, text);
  }

  /** SQL for a tree as serialize gives it. */
  deserialize(json: string): Promise<string> {
    return this.call(this.deserializer, json);
  }

  close(): void {
    this.serializer.destroySync();
    this.deserializer.destroySync();
    this.connection.closeSync();
  }

  private call(statement: DuckDBPreparedStatement, value: string): Promise<string> {
    const result = this.queue.then(async () => {
      statement.bindVarchar(1, value);
      const reader = await statement.runAndReadAll();
      return String(reader.getRowsJson()[0]![0]);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}
