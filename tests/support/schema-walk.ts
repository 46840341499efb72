import {
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/** A selection of every field reachable from a type, to a depth, skipping fields that need arguments. */
export function selectAll(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (depth <= 0) return isObjectType(named) && named.getFields().id ? '{ id }' : '{ __typename }';
  if (isUnionType(named)) {
    return `{ __typename ${named
      .getTypes()
      .map((t) => `... on ${t.name} ${selectAll(t, depth - 1)}`)
      .join(' ')} }`;
  }
  if (!isObjectType(named) && !isInterfaceType(named)) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const sub = selectAll(field.type, depth - 1);
    if (sub === '' && !isLeaf(field.type)) continue;
    parts.push(`${field.name} ${sub}`);
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

const isLeaf = (t: GraphQLOutputType) => {
  const n = getNamedType(t);
  return isScalarType(n) || isEnumType(n);
};

export interface ArgValues {
  ids: string[];
  strings: string[];
}

/**
 * Every way to call a root query with the given ids and strings: each ID argument takes each id,
 * each String argument each string; list and input arguments are left to their defaults.
 */
export function callsOf(schema: GraphQLSchema, values: ArgValues, depth = 4): { name: string; query: string; variables: Record<string, unknown> }[] {
  const calls: { name: string; query: string; variables: Record<string, unknown> }[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[]) {
    const selection = selectAll(field.type, depth);
    const scalarArgs = field.args.filter((a) => {
      const n = getNamedType(a.type);
      return !isListType(isNonNullType(a.type) ? a.type.ofType : a.type) && !isInputObjectType(n) && (n.name === 'ID' || n.name === 'String');
    });
    const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    if (required.some((a) => !scalarArgs.includes(a))) continue;
    const variants: Record<string, unknown>[] = [{}];
    for (const arg of scalarArgs) {
      const options = getNamedType(arg.type).name === 'ID' ? values.ids : values.strings;
      const next: Record<string, unknown>[] = [];
      for (const v of variants) {
        if (!required.includes(arg)) next.push(v);
        for (const option of options) next.push({ ...v, [arg.name]: option });
      }
      variants.splice(0, variants.length, ...next);
    }
    for (const variables of variants) {
      const used = scalarArgs.filter((a) => a.name in variables);
      const decl = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = used.map((a) => `${a.name}: $${a.name}`).join(', ');
      const firstArg = field.args.find((a) => a.name === 'first') ? (call ? ', first: 100' : 'first: 100') : '';
      const args = call || firstArg ? `(${call}${firstArg})` : '';
      calls.push({
        name: field.name,
        query: `query${decl ? `(${decl})` : ''} { ${field.name}${args} ${selection} }`,
        variables,
      });
    }
  }
  return calls;
}

/** Every connection in a response: its totalCount must be the number of nodes the viewer got. */
export function connectionsIn(value: unknown, path = '$'): { path: string; totalCount: number; nodes: number; hasNextPage: boolean }[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => connectionsIn(v, `${path}[${i}]`));
  const obj = value as Record<string, unknown>;
  const own =
    typeof obj.totalCount === 'number' && Array.isArray(obj.nodes)
      ? [{
          path,
          totalCount: obj.totalCount,
          nodes: obj.nodes.length,
          hasNextPage: Boolean((obj.pageInfo as { hasNextPage?: boolean } | undefined)?.hasNextPage),
        }]
      : [];
  return [...own, ...Object.entries(obj).flatMap(([k, v]) => connectionsIn(v, `${path}.${k}`))];
}
