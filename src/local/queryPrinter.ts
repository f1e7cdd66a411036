// A query's tree (json_serialize_sql) printed back as engine SQL, in the front end's own process:
// the engine's json_deserialize_sql costs a round trip per reshaped query. It prints the shapes
// queries are made of; for any other (a GROUPING SETS, a typed constant it does not know, ...) it
// throws CannotPrint and the engine prints instead. Every part is parenthesized: the engine reads
// the text back exactly as the tree says, whatever its operators' precedence.

import type { Node } from './queryTree.js';

/** A shape the printer does not know: the engine's json_deserialize_sql prints the tree instead. */
export class CannotPrint extends Error {}

/** The SQL of one serialized SELECT statement ({ node, named_param_map }). */
export function printQuery(statement: Node): string {
  return query(statement.node as Node);
}

function query(node: Node): string {
  const ctes = ((node.cte_map as Node).map as { key: string; value: Node }[]).map(({ key, value }) => {
    if (value.materialized !== 'CTE_MATERIALIZE_DEFAULT' || (value.aliases as unknown[]).length > 0) throw new CannotPrint('a CTE with options');
    return `${identifier(key)} AS (${query((value.query as Node).node as Node)})`;
  });
  let body: string;
  if (node.type === 'SELECT_NODE') body = select(node);
  else if (node.type === 'SET_OPERATION_NODE') body = setOperation(node);
  else throw new CannotPrint(String(node.type));
  return (ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '') + body + modifiers(node, node.type === 'SET_OPERATION_NODE');
}

function select(node: Node): string {
  if (node.sample || node.qualify || node.aggregate_handling !== 'STANDARD_HANDLING') throw new CannotPrint('a SELECT clause');
  const groups = node.group_expressions as Node[];
  const sets = node.group_sets as number[][];
  const plainGroups = sets.length === (groups.length > 0 ? 1 : 0) && (sets.length === 0 || sets[0]!.length === groups.length);
  if (!plainGroups && !(sets.length === groups.length && sets.every((s, i) => s.length === 1 && s[0] === i))) throw new CannotPrint('grouping sets');
  const distinct = (node.modifiers as Node[]).some((m) => m.type === 'DISTINCT_MODIFIER');
  const items = (node.select_list as Node[]).map((item) => expression(item) + (item.alias ? ` AS ${identifier(String(item.alias))}` : ''));
  const from = tableRef(node.from_table as Node);
  return [
    `SELECT ${distinct ? 'DISTINCT ' : ''}${items.join(', ')}`,
    from ? `FROM ${from}` : '',
    node.where_clause ? `WHERE ${expression(node.where_clause as Node)}` : '',
    groups.length > 0 ? `GROUP BY ${groups.map(expression).join(', ')}` : '',
    node.having ? `HAVING ${expression(node.having as Node)}` : '',
  ].filter(Boolean).join(' ');
}

function setOperation(node: Node): string {
  const op = { UNION: 'UNION', EXCEPT: 'EXCEPT', INTERSECT: 'INTERSECT' }[String(node.setop_type)];
  if (!op || node.left === undefined) throw new CannotPrint('a set operation');
  return `(${query(node.left as Node)}) ${op}${node.setop_all ? ' ALL' : ''} (${query(node.right as Node)})`;
}

/** ORDER BY and LIMIT / OFFSET (DISTINCT is printed with the SELECT). */
function modifiers(node: Node, setOperation: boolean): string {
  let out = '';
  for (const modifier of node.modifiers as Node[]) {
    if (modifier.type === 'ORDER_MODIFIER') out += ` ORDER BY ${orders(modifier.orders as Node[])}`;
    else if (modifier.type === 'LIMIT_MODIFIER') {
      if (modifier.limit) out += ` LIMIT ${expression(modifier.limit as Node)}`;
      if (modifier.offset) out += ` OFFSET ${expression(modifier.offset as Node)}`;
    } else if (modifier.type === 'DISTINCT_MODIFIER' && !setOperation && ((modifier.distinct_on_targets as unknown[]).length === 0)) continue;
    else throw new CannotPrint(String(modifier.type));
  }
  return out;
}

function orders(list: Node[]): string {
  return list.map((o) => {
    const direction = { ASCENDING: ' ASC', DESCENDING: ' DESC', ORDER_DEFAULT: '' }[String(o.type)];
    const nulls = { 'NULLS FIRST': ' NULLS FIRST', 'NULLS LAST': ' NULLS LAST', ORDER_DEFAULT: '' }[String(o.null_order)];
    if (direction === undefined || nulls === undefined) throw new CannotPrint('an ordering');
    return expression(o.expression as Node) + direction + nulls;
  }).join(', ');
}

function tableRef(ref: Node): string {
  if (ref.sample) throw new CannotPrint('a sample');
  switch (ref.type) {
    case 'EMPTY':
      return '';
    case 'BASE_TABLE': {
      if (ref.at_clause) throw new CannotPrint('AT');
      const name = [ref.catalog_name, ref.schema_name, ref.table_name].filter(Boolean).map((p) => identifier(String(p))).join('.');
      return name + alias(ref);
    }
    case 'SUBQUERY':
      return `(${query((ref.subquery as Node).node as Node)})${alias(ref)}`;
    case 'JOIN': {
      const kind = { REGULAR: '', NATURAL: 'NATURAL ', CROSS: 'CROSS ' }[String(ref.ref_type)];
      const type = { INNER: 'INNER', LEFT: 'LEFT', RIGHT: 'RIGHT', OUTER: 'FULL OUTER' }[String(ref.join_type)];
      if (kind === undefined || type === undefined || ((ref.duplicate_eliminated_columns as unknown[] | undefined)?.length ?? 0) > 0) throw new CannotPrint('a join');
      const using = (ref.using_columns as string[] | undefined) ?? [];
      const right = (ref.right as Node).type === 'JOIN' ? `(${tableRef(ref.right as Node)})` : tableRef(ref.right as Node);
      const how = kind === 'CROSS ' ? 'CROSS JOIN' : `${kind}${type} JOIN`;
      const on = using.length > 0 ? ` USING (${using.map(identifier).join(', ')})` : ref.condition ? ` ON ${expression(ref.condition as Node)}` : '';
      return `${tableRef(ref.left as Node)} ${how} ${right}${on}`;
    }
    default:
      throw new CannotPrint(String(ref.type));
  }
}

function alias(ref: Node): string {
  const columns = (ref.column_name_alias as string[] | undefined) ?? [];
  if (!ref.alias) {
    if (columns.length > 0) throw new CannotPrint('column aliases without a table alias');
    return '';
  }
  return ` AS ${identifier(String(ref.alias))}${columns.length > 0 ? `(${columns.map(identifier).join(', ')})` : ''}`;
}

const COMPARISONS: Record<string, string> = {
  COMPARE_EQUAL: '=', COMPARE_NOTEQUAL: '<>', COMPARE_LESSTHAN: '<', COMPARE_GREATERTHAN: '>', COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHANOREQUALTO: '>=', COMPARE_DISTINCT_FROM: 'IS DISTINCT FROM', COMPARE_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM',
};

function expression(node: Node): string {
  switch (node.class) {
    case 'COLUMN_REF':
      return (node.column_names as string[]).map(identifier).join('.');
    case 'CONSTANT':
      return constant(node.value as Node);
    case 'PARAMETER':
      return `$${String(node.identifier)}`;
    case 'FUNCTION':
      return call(node);
    case 'WINDOW':
      return windowCall(node);
    case 'CAST':
      return `${node.try_cast ? 'TRY_CAST' : 'CAST'}(${expression(node.child as Node)} AS ${type(node.cast_type as Node)})`;
    case 'COMPARISON': {
      const op = COMPARISONS[String(node.type)];
      if (!op) throw new CannotPrint(String(node.type));
      return `(${expression(node.left as Node)} ${op} ${expression(node.right as Node)})`;
    }
    case 'CONJUNCTION': {
      const op = { CONJUNCTION_AND: ' AND ', CONJUNCTION_OR: ' OR ' }[String(node.type)];
      if (!op) throw new CannotPrint(String(node.type));
      return `(${(node.children as Node[]).map(expression).join(op)})`;
    }
    case 'OPERATOR':
      return operator(node);
    case 'CASE': {
      const checks = (node.case_checks as Node[]).map((c) => `WHEN ${expression(c.when_expr as Node)} THEN ${expression(c.then_expr as Node)}`);
      return `(CASE ${checks.join(' ')} ELSE ${expression(node.else_expr as Node)} END)`;
    }
    case 'BETWEEN':
      return `(${expression(node.input as Node)} BETWEEN ${expression(node.lower as Node)} AND ${expression(node.upper as Node)})`;
    case 'SUBQUERY':
      return subquery(node);
    case 'STAR': {
      const lists = ['exclude_list', 'replace_list', 'rename_list', 'qualified_exclude_list'].map((l) => (node[l] as unknown[] | undefined)?.length ?? 0);
      if (lists.some((n) => n > 0) || node.columns || node.expr || node.unpacked) throw new CannotPrint('a star with options');
      return node.relation_name ? `${identifier(String(node.relation_name))}.*` : '*';
    }
    default:
      throw new CannotPrint(String(node.class));
  }
}

function call(node: Node): string {
  const args = (node.children as Node[]).map(expression);
  const name = String(node.function_name);
  if (node.is_operator) {
    if (args.length === 2) return `(${args[0]} ${operatorName(name)} ${args[1]})`;
    if (args.length === 1) return `(${operatorName(name)} ${args[0]})`;
    throw new CannotPrint(`the operator ${name}`);
  }
  const ordered = ((node.order_bys as Node | undefined)?.orders as Node[] | undefined) ?? [];
  const inside = `${node.distinct ? 'DISTINCT ' : ''}${args.join(', ')}${ordered.length > 0 ? ` ORDER BY ${orders(ordered)}` : ''}`;
  const filter = node.filter ? ` FILTER (WHERE ${expression(node.filter as Node)})` : '';
  if (node.export_state) throw new CannotPrint('EXPORT_STATE');
  return `${functionName(node)}(${inside})${filter}`;
}

/** Operators are printed as written: a symbol only (no name could be quoted into another meaning). */
function operatorName(name: string): string {
  if (!/^[-+*/%^&|<>=~!@#]+$/.test(name)) throw new CannotPrint(`the operator ${name}`);
  return name;
}

function functionName(node: Node): string {
  return [node.catalog, node.schema, node.function_name].filter(Boolean).map((p) => identifier(String(p))).join('.');
}

const FRAME_BOUNDS: Record<string, string> = {
  UNBOUNDED_PRECEDING: 'UNBOUNDED PRECEDING', UNBOUNDED_FOLLOWING: 'UNBOUNDED FOLLOWING', CURRENT_ROW_RANGE: 'CURRENT ROW',
  CURRENT_ROW_ROWS: 'CURRENT ROW', CURRENT_ROW_GROUPS: 'CURRENT ROW', EXPR_PRECEDING_ROWS: 'PRECEDING', EXPR_FOLLOWING_ROWS: 'FOLLOWING',
  EXPR_PRECEDING_RANGE: 'PRECEDING', EXPR_FOLLOWING_RANGE: 'FOLLOWING', EXPR_PRECEDING_GROUPS: 'PRECEDING', EXPR_FOLLOWING_GROUPS: 'FOLLOWING',
};

function windowCall(node: Node): string {
  if (node.ignore_nulls || node.filter_expr || node.exclude_clause !== 'NO_OTHER' || (node.arg_orders as unknown[]).length > 0) throw new CannotPrint('a window option');
  const args = [...(node.children as Node[]), node.offset_expr as Node | null, node.default_expr as Node | null];
  while (args.length > 0 && !args[args.length - 1]) args.pop();
  if (args.some((a) => !a)) throw new CannotPrint('a window call');
  const partitions = node.partitions as Node[];
  const ordered = node.orders as Node[];
  const over = [
    partitions.length > 0 ? `PARTITION BY ${partitions.map(expression).join(', ')}` : '',
    ordered.length > 0 ? `ORDER BY ${orders(ordered)}` : '',
    frame(node),
  ].filter(Boolean).join(' ');
  return `${functionName(node)}(${node.distinct ? 'DISTINCT ' : ''}${(args as Node[]).map(expression).join(', ')}) OVER (${over})`;
}

/** The frame clause; none for the default (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW). */
function frame(node: Node): string {
  const start = String(node.start);
  const end = String(node.end);
  if (start === 'UNBOUNDED_PRECEDING' && end === 'CURRENT_ROW_RANGE') return '';
  const unit = [start, end].map((b) => /_(ROWS|RANGE|GROUPS)$/.exec(b)?.[1]).find(Boolean) ?? 'ROWS';
  const bound = (b: string, e: unknown) => {
    const text = FRAME_BOUNDS[b];
    if (!text) throw new CannotPrint(`the frame bound ${b}`);
    return b.startsWith('EXPR_') ? `${expression(e as Node)} ${text}` : text;
  };
  return `${unit} BETWEEN ${bound(start, node.start_expr)} AND ${bound(end, node.end_expr)}`;
}

function operator(node: Node): string {
  const children = (node.children as Node[]).map(expression);
  switch (node.type) {
    case 'OPERATOR_NOT':
      return `(NOT ${children[0]})`;
    case 'OPERATOR_IS_NULL':
      return `(${children[0]} IS NULL)`;
    case 'OPERATOR_IS_NOT_NULL':
      return `(${children[0]} IS NOT NULL)`;
    case 'COMPARE_IN':
      return `(${children[0]} IN (${children.slice(1).join(', ')}))`;
    case 'COMPARE_NOT_IN':
      return `(${children[0]} NOT IN (${children.slice(1).join(', ')}))`;
    case 'OPERATOR_COALESCE':
      return `COALESCE(${children.join(', ')})`;
    default:
      throw new CannotPrint(String(node.type));
  }
}

function subquery(node: Node): string {
  const inner = query((node.subquery as Node).node as Node);
  switch (node.subquery_type) {
    case 'SCALAR':
      return `(${inner})`;
    case 'EXISTS':
      return `(EXISTS (${inner}))`;
    case 'NOT_EXISTS':
      return `(NOT EXISTS (${inner}))`;
    case 'ANY': {
      const op = COMPARISONS[String(node.comparison_type)];
      if (!op || op.startsWith('IS')) throw new CannotPrint('a subquery comparison');
      return `(${expression(node.child as Node)} ${op} ANY (${inner}))`;
    }
    default:
      throw new CannotPrint(String(node.subquery_type));
  }
}

function constant(value: Node): string {
  if (value.is_null) return 'NULL';
  const type = value.type as unknown as Node;
  const v = value.value;
  switch (type.id) {
    case 'VARCHAR':
      return `'${String(v).replaceAll("'", "''")}'`;
    case 'INTEGER':
    case 'BIGINT':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new CannotPrint('an integer');
      return String(v);
    case 'BOOLEAN':
      return v ? 'true' : 'false';
    case 'DOUBLE':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new CannotPrint('a double');
      return `CAST(${String(v)} AS DOUBLE)`;
    case 'DECIMAL': {
      // As written: the digits give the literal its width and scale again (.5 is DECIMAL(1,1)).
      const info = type.type_info as Node;
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new CannotPrint('a wide decimal');
      const scale = Number(info.scale);
      const negative = typeof v === 'bigint' ? v < 0n : v < 0;
      const digits = (typeof v === 'bigint' ? (negative ? -v : v) : Math.abs(v)).toString().padStart(scale, '0');
      const whole = digits.slice(0, digits.length - scale) || (Number(info.width) > scale ? '0' : '');
      return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''}`;
    }
    default:
      throw new CannotPrint(`a ${String(type.id)} constant`);
  }
}

function type(cast: Node): string {
  const id = String(cast.id);
  const info = cast.type_info as Node | null;
  if (id === 'DECIMAL' && info) return `DECIMAL(${Number(info.width)},${Number(info.scale)})`;
  if (info || !/^[A-Z ]+$/.test(id)) throw new CannotPrint(`the type ${id}`);
  return id;
}

function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
