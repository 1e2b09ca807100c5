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
  isObjectType,
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

/** A JSON value of a required input type that passes GraphQL validation (variables, not literals). */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, sampleValue(f.type)]));
  }
  return JSON.parse(sampleLiteral(type));
}

/** One ID-typed argument position of a mutation: `input.commitments.0.leadId`, `id`, `recordId` (with the record type it stands for). */
export interface MutationIdPath {
  mutation: string;
  /** Argument path; a list contributes its first entry (`0`). */
  path: string[];
  /** The record the id names: a GraphQL type (`Lead`, `Meeting`, `Organisation`), or undefined when no rule knows. */
  kind: string | undefined;
  /** For `recordId`: the value its sibling `recordType` must take. */
  recordType?: string;
}

/** Which record an ID argument names, by its name; `id` names the record the mutation returns. */
const ID_KINDS: Record<string, string> = {
  leadId: 'Lead',
  meetingId: 'Meeting',
  originMeetingId: 'Meeting',
  tripId: 'Trip',
  originTripId: 'Trip',
  organisationId: 'Organisation',
  organisationIds: 'Organisation',
  partyIds: 'Organisation',
  parentId: 'Organisation',
  networkId: 'Organisation',
  memberId: 'Organisation',
  personId: 'Person',
  contactIds: 'Person',
  promisedById: 'Person',
  assigneeId: 'User',
  ownerId: 'User',
  userId: 'User',
  organiserId: 'User',
  sharedWithUserIds: 'User',
  teamId: 'Team',
};

/** Ids whose record depends on the mutation, not only on the argument's name. */
const MUTATION_ID_KINDS: Record<string, string> = {
  'mergePeople.survivorId': 'Person',
  'mergePeople.mergedId': 'Person',
  'mergeOrganisations.survivorId': 'Organisation',
  'mergeOrganisations.mergedId': 'Organisation',
  // a person or an organisation: both kinds nobody is hidden from
  'dismissDuplicate.a': 'Person',
  'dismissDuplicate.b': 'Person',
  'unmerge.mergeId': 'RecordMerge',
};

/** The GraphQL type a RecordType value stands for. */
const RECORD_TYPE_KINDS: Record<string, string> = {
  ORGANISATION: 'Organisation',
  PERSON: 'Person',
  MEETING: 'Meeting',
  LEAD: 'Lead',
  TRIP: 'Trip',
  TASK: 'Task',
  NOTE: 'Note',
  PARTNERSHIP: 'Partnership',
  USER: 'User',
  API_KEY: 'ApiKey',
  TEAM: 'Team',
  MEMBERSHIP: 'OrganisationMembership',
  AFFILIATION: 'Affiliation',
};

/**
 * Every position in every mutation's arguments that takes the id of a
 * record, with the kind of record it names: the confidentiality walk aims
 * each one that can name a hidden record at one, and the test fails on a
 * position no rule classifies.
 */
export function mutationIdPaths(schema: GraphQLSchema): MutationIdPath[] {
  return rootIdPaths(schema, 'mutation');
}

/** Like mutationIdPaths, for the root fields of `operation` (`query` or `mutation`). */
export function rootIdPaths(schema: GraphQLSchema, operation: 'query' | 'mutation'): MutationIdPath[] {
  const mutation = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  if (!mutation) return [];
  const out: MutationIdPath[] = [];
  for (const field of Object.values(mutation.getFields())) {
    const returned = getNamedType(field.type).name;
    const visit = (name: string, type: GraphQLInputType, path: string[], siblings: { name: string; type: GraphQLInputType }[], depth: number) => {
      const named = getNamedType(type);
      const here = [...path, name, ...(isListType(isNonNullType(type) ? type.ofType : type) ? ['0'] : [])];
      if (isScalarType(named) && named.name === 'ID') {
        const recordTypes = getNamedType(siblings.find((sibling) => sibling.name === 'recordType')?.type ?? named);
        if (name === 'recordId' && isEnumType(recordTypes)) {
          for (const { name: recordType } of recordTypes.getValues()) {
            out.push({ mutation: field.name, path: here, kind: RECORD_TYPE_KINDS[recordType], recordType });
          }
          return;
        }
        const kind =
          MUTATION_ID_KINDS[`${field.name}.${[...path, name].join('.')}`] ?? (name === 'id' && path.length === 0 ? returned : ID_KINDS[name]);
        out.push({ mutation: field.name, path: here, kind });
      } else if (isInputObjectType(named) && depth < 4) {
        const fields = Object.values(named.getFields());
        for (const inner of fields) visit(inner.name, inner.type, here, fields, depth + 1);
      }
    };
    for (const arg of field.args) visit(arg.name, arg.type, [], [...field.args], 0);
  }
  return out;
}

/**
 * A mutation document over variables: its required arguments with sample
 * values, plus the argument of `path` holding `id` at that path (objects on
 * the way get their required fields, lists one entry).
 */
export function mutationWithIdAt(
  schema: GraphQLSchema,
  name: string,
  path: string[],
  id: string,
  operation: 'query' | 'mutation' = 'mutation',
): { document: string; variables: Record<string, any> } {
  const field = (operation === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[name];
  const used = field.args.filter((a) => (isNonNullType(a.type) && a.defaultValue === undefined) || a.name === path[0]);
  const variables: Record<string, any> = Object.fromEntries(used.map((a) => [a.name, sampleValue(a.type)]));
  let node: any = variables;
  let type: GraphQLInputType = field.args.find((a) => a.name === path[0])!.type;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = id;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    const nullable = isNonNullType(type) ? type.ofType : type;
    const inner = nextIsIndex && isListType(nullable) ? nullable.ofType : nullable;
    if (node[key] === undefined || node[key] === null) node[key] = nextIsIndex ? [] : sampleValue(inner);
    if (nextIsIndex && node[key][Number(path[i + 1])] === undefined) node[key][Number(path[i + 1])] = sampleValue(inner);
    node = node[key];
    if (nextIsIndex) return;
    const named = getNamedType(type);
    if (isInputObjectType(named)) type = named.getFields()[path[i + 1]]?.type ?? type;
  });
  const declared = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const returned = getNamedType(field.type);
  // A connection shows its count; a list shows its length through the __typename of each entry.
  const selection = isLeafType(returned) ? '' : isObjectType(returned) && returned.getFields().totalCount ? ' { totalCount }' : ' { __typename }';
  return { document: `${operation} (${declared}) { ${name}(${passed})${selection} }`, variables };
}
