// DuckDB's serialized query tree (json_serialize_sql), and the few node shapes the front end builds
// when it reshapes a query.

import { textFromByte } from './sqlTokens.js';

/** A node of DuckDB's serialized tree. */
export type Node = Record<string, unknown> & { class?: string; type?: string };

/** The catalog that holds the engine's Redshift functions (engineMacros.ts). */
export const MACRO_CATALOG = 'redshift';

/** What the front end knows while it walks one query's tree. */
export interface Context {
  /** The query as written, to tell apart constructs the tree does not (`~` and SIMILAR TO). */
  text: string;
  /** True once the tree differs from the text: it must be turned back into SQL. */
  changed: boolean;
}

/** The query's text from a node's location on (a byte offset into its UTF-8). */
export function textAt(text: string, location: unknown): string {
  return textFromByte(text, Number(location ?? 0));
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

/** The value of a constant node, or undefined when the node is not a constant. */
export function constantValue(node: Node | undefined): unknown {
  if (node?.class !== 'CONSTANT') return undefined;
  const value = node.value as Node;
  return value.is_null ? null : value.value;
}
