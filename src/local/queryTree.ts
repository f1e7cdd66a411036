// DuckDB's serialized query tree (json_serialize_sql), and the few node shapes the front end builds
// when it reshapes a query.

import { significant, tokenize, type Token } from './sqlTokens.js';

/** A node of DuckDB's serialized tree. */
export type Node = Record<string, unknown> & { class?: string; type?: string };

/** The catalog that holds the engine's Redshift functions (engineMacros.ts). */
export const MACRO_CATALOG = 'redshift';

/** What the front end knows while it walks one query's tree. */
export interface Context {
  /** The query as written, to tell apart constructs the tree does not (`~` and SIMILAR TO). */
  source: QueryText;
  /** True once the tree differs from the text: it must be turned back into SQL. */
  changed: boolean;
}

/**
 * A query's text, read where a node of its tree points (a byte offset into its UTF-8), with its
 * tokens made once: a query with many casts is read once, not once per cast.
 */
export class QueryText {
  private readonly ascii: boolean;
  private bytes: Buffer | undefined;
  private tokens: Token[] | undefined;

  constructor(readonly text: string) {
    this.ascii = !/[^\x00-\x7f]/.test(text);
  }

  /** The character offset of a node's location. */
  offset(location: unknown): number {
    const byte = Number(location ?? 0);
    if (this.ascii) return byte;
    this.bytes ??= Buffer.from(this.text, 'utf8');
    return this.bytes.subarray(0, byte).toString('utf8').length;
  }

  /** The text from a node's location on. */
  from(location: unknown): string {
    return this.text.slice(this.offset(location));
  }

  /** The significant tokens, and the index of the first at or after a node's location. */
  tokensFrom(location: unknown): { tokens: Token[]; index: number } {
    this.tokens ??= significant(tokenize(this.text));
    const at = this.offset(location);
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.tokens[mid]!.at < at) low = mid + 1;
      else high = mid;
    }
    return { tokens: this.tokens, index: low };
  }
}

/** Makes a call one of our macros'. */
export function useMacro(node: Node, macro: string): void {
  node.catalog = MACRO_CATALOG;
  node.schema = 'main';
  node.function_name = macro;
  node.is_operator = false;
}

/** A plain call of one of our macros, shaped as DuckDB serializes a function call. */
export function macroCall(macro: string, children: Node[], location: unknown): Node {
  return {
    class: 'FUNCTION', type: 'FUNCTION', alias: '', query_location: location,
    function_name: macro, schema: 'main', catalog: MACRO_CATALOG, children, filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] }, distinct: false, is_operator: false, export_state: false,
  };
}

/** A constant of the engine type `id` (VARCHAR, INTEGER, BOOLEAN, ...). */
export function constant(id: string, value: unknown, location: unknown): Node {
  return {
    class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', query_location: location,
    value: value === null ? { type: { id: 'NULL', type_info: null }, is_null: true } : { type: { id, type_info: null }, is_null: false, value },
  };
}

/** The text of a string literal node ('abc'), or undefined when the node is no string literal. */
export function stringLiteral(node: Node | undefined): string | undefined {
  if (node?.class !== 'CONSTANT') return undefined;
  const value = node.value as Node;
  return !value.is_null && (value.type as unknown as Node).id === 'VARCHAR' && typeof value.value === 'string' ? value.value : undefined;
}

/** The value of a constant node, or undefined when the node is not a constant. */
export function constantValue(node: Node | undefined): unknown {
  if (node?.class !== 'CONSTANT') return undefined;
  const value = node.value as Node;
  return value.is_null ? null : value.value;
}
