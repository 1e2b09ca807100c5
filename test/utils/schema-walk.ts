import {
  getNamedType,
  GraphQLArgument,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/** A syntactically valid literal for a required input type, so a document passes GraphQL validation. */
function sampleLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType);
  if (isListType(type)) return `[${sampleLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{${fields.map((f) => `${f.name}: ${sampleLiteral(f.type)}`).join(', ')}}`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return '"00000000-0000-4000-8000-000000000000"';
      case 'Int':
        return '1';
      case 'Float':
        return '1.5';
      case 'Boolean':
        return 'true';
      case 'DateTime':
        return '"2024-05-13T10:00:00.000Z"';
      default:
        return '"sample"';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function requiredArgs(args: readonly GraphQLArgument[]): string {
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  return required.length ? `(${required.map((a) => `${a.name}: ${sampleLiteral(a.type)}`).join(', ')})` : '';
}

/** One valid document per mutation in the schema, selecting only __typename of an object result. */
export function everyMutation(schema: GraphQLSchema): { name: string; document: string }[] {
  const mutation = schema.getMutationType();
  if (!mutation) return [];
  return Object.values(mutation.getFields()).map((field) => ({
    name: field.name,
    document: `mutation { ${field.name}${requiredArgs(field.args)}${isLeafType(getNamedType(field.type)) ? '' : ' { __typename }'} }`,
  }));
}
