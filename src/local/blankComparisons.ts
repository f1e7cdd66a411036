// Trailing blanks do not count when Redshift compares strings (r_Character_types.html,
// "Significance of trailing blanks"): 'a' = 'a  ' is true, in joins, IN and BETWEEN too. The
// front end gives each side of a comparison that may be a string to blank_trimmed, which trims
// strings and passes other values as they are (the engine picks by type, so a comparison of
// numbers costs nothing). LENGTH still counts the blanks, as Redshift's does for VARCHAR.

import { constantValue, macroCall, type Context, type Node } from './queryTree.js';

const COMPARISONS = new Set([
  'COMPARE_EQUAL', 'COMPARE_NOTEQUAL', 'COMPARE_LESSTHAN', 'COMPARE_GREATERTHAN', 'COMPARE_LESSTHANOREQUALTO',
  'COMPARE_GREATERTHANOREQUALTO', 'COMPARE_DISTINCT_FROM', 'COMPARE_NOT_DISTINCT_FROM', 'COMPARE_BETWEEN', 'COMPARE_IN', 'COMPARE_NOT_IN',
]);

/**
 * Trailing blanks do not count when strings are compared (r_Character_types.html, "Significance of
 * trailing blanks"): each side of a comparison that may be a string goes through blank_trimmed,
 * which trims strings and passes other values as they are (the engine picks by type). A constant
 * string loses its blanks here; a comparison with a number or boolean constant is left alone.
 */
export function trimBlanksInComparison(node: Node, context: Context): void {
  if (node.class === 'SUBQUERY' && node.subquery_type === 'ANY') return trimBlanksInSubqueryComparison(node, context);
  if (!COMPARISONS.has(String(node.type))) return;
  const keys = node.class === 'BETWEEN' ? ['input', 'lower', 'upper'] : node.class === 'COMPARISON' ? ['left', 'right'] : undefined;
  const operands: [Node | Node[], string | number][] = keys
    ? keys.map((k) => [node, k])
    : ((node.children as Node[] | undefined) ?? []).map((_, i) => [node.children as Node[], i]);
  const values = operands.map(([holder, key]) => (holder as Record<string | number, Node>)[key]!);
  if (values.some((v) => v.class === 'SUBQUERY')) return;
  const consts = values.map(constantValue);
  if (consts.some((c) => c !== undefined && c !== null && typeof c !== 'string')) return;
  operands.forEach(([holder, key], i) => {
    const value = values[i]!;
    const text = consts[i];
    if (typeof text === 'string') {
      const trimmed = text.replace(/ +$/, '');
      if (trimmed !== text) {
        (value.value as Node).value = trimmed;
        context.changed = true;
      }
    } else if (text === undefined) {
      (holder as Record<string | number, Node>)[key] = macroCall('blank_trimmed', [value], value.query_location);
      context.changed = true;
    }
  });
}

/** x IN (SELECT y ...), x < ANY (SELECT y ...): x and the subquery's column, as in any comparison. */
function trimBlanksInSubqueryComparison(node: Node, context: Context): void {
  const selects = leafSelects((node.subquery as Node | undefined)?.node as Node | undefined);
  const child = node.child as Node | undefined;
  if (!child || !selects) return;
  const lists = selects.map((select) => select.select_list as Node[]);
  if (lists.some((items) => items.length !== 1 || items[0]!.class === 'STAR')) return;
  const value = constantValue(child);
  if (value !== undefined && typeof value !== 'string') return;
  node.child = macroCall('blank_trimmed', [child], child.query_location);
  for (const items of lists) {
    const item = items[0]!;
    items[0] = { ...macroCall('blank_trimmed', [{ ...item, alias: '' }], item.query_location), alias: item.alias ?? '' };
  }
  context.changed = true;
}

/** The SELECTs whose rows a query gives: itself, or each side of its UNION, EXCEPT, INTERSECT. */
function leafSelects(query: Node | undefined): Node[] | undefined {
  if (query?.type === 'SELECT_NODE') return [query];
  if (query?.type !== 'SET_OPERATION_NODE') return undefined;
  const sides = [leafSelects(query.left as Node), leafSelects(query.right as Node)];
  return sides.every((side) => side !== undefined) ? sides.flat() as Node[] : undefined;
}
