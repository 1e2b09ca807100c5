import * as fc from 'fast-check';
import {
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/** A value a client can put into a JSON variables object (undefined: the key is left out). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Known record ids by kind, so some calls reach past "not found" into the rules. */
export type IdPools = Partial<Record<IdKind, string[]>>;
export type IdKind =
  | 'organisation'
  | 'person'
  | 'trip'
  | 'meeting'
  | 'lead'
  | 'partnership'
  | 'task'
  | 'note'
  | 'affiliation'
  | 'membership'
  | 'apiKey'
  /** Users an admin may disable, demote or reset: never the fuzzing callers. */
  | 'sacrificialUser'
  /** Anyone who can own or be assigned something. */
  | 'assignee';

export const HUGE_STRING = 'x'.repeat(100_000);

/** Strings that break naive SQL, HTML, JSON, UTF-8 or PostgreSQL text handling. */
export const HOSTILE_STRINGS: readonly string[] = [
  HUGE_STRING,
  'Ä'.repeat(20_000),
  "'; DROP TABLE leads; --",
  "' OR '1'='1",
  '%_\\',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\uD800',
  'a\uDC00b',
  '\u0000',
  'abc\u0000def',
  '🚀🇩🇪👩‍👩‍👧',
  '\u202Eevil\u202C',
  '\u200F\u0645\u0631\u062D\u0628\u0627',
  '',
  '   ',
  '\n\t\r',
  '${jndi:ldap://x}',
  '../../etc/passwd',
  '{"$gt": ""}',
  'NaN',
  '-0',
  '1e309',
  'null',
];

/** Numbers, booleans, objects and arrays where anything else was expected (GraphQL coercion must refuse them). */
const HOSTILE_NON_STRINGS: readonly Json[] = [
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  1e308,
  -1e308,
  true,
  false,
  [],
  ['a', 1, null],
  {},
  { unknown: 1 },
  { $where: 'sleep(1000)' },
];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const hostileAnything: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: hostileString, weight: 3 },
  { arbitrary: fc.constantFrom(...HOSTILE_NON_STRINGS), weight: 2 },
  { arbitrary: fc.constant(protoPollution()), weight: 1 },
);

/** An object whose own key is "__proto__", as JSON.parse on the server would make it. */
function protoPollution(): Json {
  const value = {} as { [key: string]: Json };
  Object.defineProperty(value, '__proto__', { value: { isAdmin: true }, enumerable: true, writable: true, configurable: true });
  return value;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `calm`: values a form would send (so calls reach the services and succeed); `wild`: anything of the type, and worse. */
type Mode = 'calm' | 'wild';

/** A value of the right shape and kind, and values of the right shape that are still wrong (2024-02-30). */
interface Leaf {
  valid: fc.Arbitrary<Json>;
  wrong: fc.Arbitrary<Json>;
}

const leafOf = (mode: Mode, { valid, wrong }: Leaf): fc.Arbitrary<Json> =>
  mode === 'calm' ? valid : fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: wrong, weight: 2 });

const anyLocalDate = fc
  .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
const LOCAL_DATE: Leaf = {
  valid: fc.date({ min: new Date('2023-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  wrong: fc.oneof(anyLocalDate, fc.constantFrom('2024-02-30', '2023-02-29', '2024-04-31', '0000-00-00', '2024-5-1', '14.05.2024', '2024-05-14T10:00')),
};
const LOCAL_DATE_TIME: Leaf = {
  valid: fc
    .tuple(fc.integer({ min: 13, max: 17 }), fc.integer({ min: 7, max: 19 }), fc.constantFrom('00', '30'))
    .map(([day, hour, minute]) => `2024-05-${day}T${pad(hour)}:${minute}`),
  wrong: fc.oneof(
    fc.tuple(anyLocalDate, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([date, h, m]) => `${date}T${pad(h)}:${pad(m)}`),
    fc.constantFrom('2024-02-30T10:00', '2024-05-14T24:00', '2024-05-14 14:00', '2024-05-14T14:00:00Z', '2024-03-31T02:30'),
  ),
};
const DATE_TIME: Leaf = {
  valid: fc.date({ min: new Date('2030-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  wrong: fc.oneof(
    fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('2024-02-30T10:00:00Z', 'yesterday', '2024-05-14', '+275760-09-13T00:00:00.001Z', '1970-01-01T00:00:00Z'),
  ),
};
const TEXT: Leaf = {
  valid: fc.oneof(
    fc.constantFrom('Brembo S.p.A.', 'Zwickauer Sensorik GmbH', 'Müller-Lüdenscheidt', 'smart city', 'Besuch in Mailand'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((text) => text.trim().length > 0),
  ),
  wrong: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })),
};

const pick = (valid: readonly string[], wrong: readonly string[]): Leaf => ({ valid: fc.constantFrom(...valid), wrong: fc.constantFrom(...wrong) });

/** What a String field holds, by its name; anything unnamed here gets text. */
function stringLeaf(name: string): Leaf {
  if (/^(startsAt|endsAt)$/.test(name)) return LOCAL_DATE_TIME;
  if (/date|since|until|signedOn|endedOn/i.test(name)) return LOCAL_DATE;
  if (/country/i.test(name)) return pick(['DE', 'IT', 'FR'], ['de', 'XX', 'DEU', '']);
  if (name === 'timeZone') return pick(['Europe/Rome', 'Europe/Berlin', 'UTC'], ['Mars/Olympus', '+02:00', '', 'europe/rome']);
  if (/email|address/i.test(name)) return { valid: fc.emailAddress(), wrong: fc.constantFrom('not-an-email', 'A@B', '@wfs.test', 'a@b@c.de') };
  if (name === 'number') return pick(['+39 0522 1234567', '+49 351 123456', '0351 123456'], ['+999', 'call me', '', '+49 0']);
  if (name === 'website') return pick(['https://example.org', 'https://www.brembo.com/it'], ['http://x', 'javascript:alert(1)', 'example', 'ftp://x.test']);
  if (name === 'nutsCode') return pick(['DED', 'DED4', 'ITH5', 'ITC4'], ['x', 'DEDDDDDD', 'de']);
  if (name === 'preferredLanguage') return pick(['de', 'it', 'en'], ['xx-YY', 'deutsch', '']);
  if (/password/i.test(name)) return { valid: fc.string({ minLength: 12, maxLength: 40 }), wrong: fc.constantFrom('short', 'a'.repeat(1025)) };
  if (/refs?$/i.test(name) && name !== 'refreshToken') return pick(['c1', 'c2', 'l1'], ['C 1', '', 'c1; --']);
  if (name === 'refreshToken') return pick([`lsr_${'0'.repeat(32)}_${'f'.repeat(64)}`], ['lsr_', 'Bearer x']);
  return TEXT;
}

function idKindFor(name: string, ownKind: IdKind | undefined): IdKind | 'any' {
  if (name === 'id') return ownKind ?? 'any';
  if (/^(organisationIds?|memberId|networkId|parentId|partyIds)$/.test(name)) return 'organisation';
  if (/^(personId|contactIds|promisedById)$/.test(name)) return 'person';
  if (/^(tripId|originTripId)$/.test(name)) return 'trip';
  if (/^(meetingId|originMeetingId)$/.test(name)) return 'meeting';
  if (name === 'leadId') return 'lead';
  if (name === 'userId') return 'sacrificialUser';
  if (/^(ownerId|assigneeId|organiserId)$/.test(name)) return 'assignee';
  return 'any';
}

/** Mostly known ids of the right kind; then unknown UUIDs, ids of another kind, and ids that are no UUID at all. */
function idLeaf(name: string, pools: IdPools, ownKind: IdKind | undefined): Leaf {
  // Not the assignees: they include the fuzzing callers, whom a userId must never reach (disableUser, changeUserRole).
  const all = Object.entries(pools).flatMap(([kind, ids]) => (kind === 'assignee' ? [] : ids));
  const kind = idKindFor(name, ownKind);
  const pool = kind === 'any' ? all : (pools[kind] ?? []);
  const known = pool.length ? fc.constantFrom(...pool) : fc.uuid();
  return {
    valid: fc.oneof({ arbitrary: known, weight: 9 }, { arbitrary: fc.uuid(), weight: 1 }),
    wrong: fc.oneof(
      fc.uuid(),
      all.length ? fc.constantFrom(...all) : fc.uuid(),
      fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', '123', 'ZZZZZZZZ-0000-4000-8000-000000000000'),
      fc.integer(),
    ),
  };
}

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

function scalarLeaf(typeName: string, name: string, options: ArbitraryOptions): Leaf {
  switch (typeName) {
    case 'ID':
      return idLeaf(name, options.pools, options.ownKind);
    case 'Int':
      return name === 'expectedVersion'
        ? { valid: fc.integer({ min: 1, max: 3 }), wrong: fc.oneof(fc.integer({ min: -1, max: 0 }), INT32) }
        : { valid: fc.integer({ min: 0, max: 100 }), wrong: fc.oneof(fc.integer({ min: -5, max: -1 }), INT32) };
    case 'Float':
      return {
        valid: fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
        wrong: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e15, 1e308, -1, 5e-324, 1e-7, 0.125)),
      };
    case 'Boolean':
      return { valid: fc.boolean(), wrong: fc.boolean() };
    case 'DateTime':
      return DATE_TIME;
    default:
      return stringLeaf(name);
  }
}

/** A deterministic, mostly valid leaf for the k-th element of a huge list. */
function bulkElement(type: GraphQLInputType, k: number): Json {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[k % named.getValues().length].name;
  if (isScalarType(named)) {
    if (named.name === 'ID') return `00000000-0000-4000-8000-${pad(k, 12)}`;
    if (named.name === 'String') return `entry ${k}`;
    if (named.name === 'Boolean') return k % 2 === 0;
    return k;
  }
  if (isInputObjectType(named)) {
    const entries = Object.values(named.getFields())
      .filter((f) => isNonNullType(f.type))
      .map((f) => [f.name, bulkElement(f.type, k)] as const);
    return Object.fromEntries(entries);
  }
  return null;
}

export interface ArbitraryOptions {
  pools: IdPools;
  /** The kind of record the mutation acts on, for its `id` argument. */
  ownKind?: IdKind;
}

/**
 * Values for a GraphQL input type, built recursively from the schema. Calm
 * values are what a client would send; wild ones mix in wrong JSON types,
 * nulls for non-null fields, unknown fields, huge strings and lists, SQL and
 * HTML fragments and broken Unicode at every level.
 */
function inputValue(type: GraphQLInputType, name: string, options: ArbitraryOptions, mode: Mode, depth = 0): fc.Arbitrary<Json> {
  const required = isNonNullType(type);
  const inner = (required ? type.ofType : type) as GraphQLInputType;
  if (mode === 'calm') {
    return required ? typed(inner, name, options, mode, depth) : fc.oneof({ arbitrary: typed(inner, name, options, mode, depth), weight: 5 }, fc.constant(null));
  }
  return fc.oneof(
    { arbitrary: typed(inner, name, options, mode, depth), weight: 14 },
    { arbitrary: hostileAnything, weight: 2 },
    { arbitrary: fc.constant(null), weight: required ? 1 : 2 },
  );
}

function typed(type: GraphQLInputType, name: string, options: ArbitraryOptions, mode: Mode, depth: number): fc.Arbitrary<Json> {
  if (isListType(type)) {
    const element = type.ofType as GraphQLInputType;
    const some = fc.array(inputValue(element, name, options, mode, depth + 1), { maxLength: mode === 'calm' ? 3 : 5 });
    if (mode === 'calm') return some;
    return fc.oneof(
      { arbitrary: some, weight: 10 },
      { arbitrary: fc.constantFrom(200, 1_000).map((length) => Array.from({ length }, (_, k) => bulkElement(element, k))), weight: 1 },
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return leafOf(mode, { valid: fc.constantFrom(...values), wrong: fc.constantFrom(values[0].toLowerCase(), `${values[0]} `, 'OWNER', '') });
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<Json>> = {};
    for (const field of fields) model[field.name] = inputValue(field.type, field.name, options, mode, depth + 1);
    const requiredKeys = fields.filter(isRequiredField).map((f) => f.name);
    const record = fc.record(model, { requiredKeys }) as fc.Arbitrary<{ [key: string]: Json }>;
    if (mode === 'calm') return record;
    const unknownField = fc.option(
      fc.constantFrom<[string, Json]>(['unknownField', 'x'], ['id', '00000000-0000-4000-8000-000000000000'], ['version', 99], ['archivedAt', null]),
      { freq: 8 },
    );
    return fc.tuple(record, unknownField).map(([object, extra]) => (extra ? { ...object, [extra[0]]: extra[1] } : object));
  }
  if (isScalarType(type)) {
    const leaf = leafOf(mode, scalarLeaf(type.name, name, options));
    return mode === 'calm' ? leaf : fc.oneof({ arbitrary: leaf, weight: 10 }, { arbitrary: hostileString, weight: 2 });
  }
  throw new Error(`no arbitrary for ${String(type)}`);
}

function isRequiredField(field: GraphQLInputField): boolean {
  return isNonNullType(field.type) && field.defaultValue === undefined;
}

/** Every position in a value (object properties, list elements), as key paths. */
function positions(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...path, key], ...positions(child, [...path, key])]);
}

/** A copy of `value` with the thing at `path` replaced. */
function replaced(value: Json, path: (string | number)[], by: Json): Json {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaced(item, rest, by) : item));
  const object = value as { [key: string]: Json };
  return { ...object, [head]: replaced(object[head], rest, by) };
}

export interface FuzzedMutation {
  name: string;
  /** `mutation ($a: T!, ...) { name(a: $a, ...) { __typename } }`: every argument is a variable, so coercion runs. */
  document: string;
  field: GraphQLField<unknown, unknown>;
}

export function mutationsOf(schema: GraphQLSchema): FuzzedMutation[] {
  const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
  return fields.map((field) => {
    const declarations = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
    const document = field.args.length
      ? `mutation Fuzz(${declarations}) { ${field.name}(${passed})${selection} }`
      : `mutation Fuzz { ${field.name}${selection} }`;
    return { name: field.name, document, field };
  });
}

/**
 * Variables for every argument (optional ones sometimes left out): calm ones,
 * calm ones with exactly one hostile value somewhere inside (the sharpest
 * probe: everything else passes, so that one value reaches the rules and the
 * database), and wild ones.
 */
export function variablesFor(mutation: FuzzedMutation, options: ArbitraryOptions): fc.Arbitrary<Record<string, Json>> {
  const args = mutation.field.args;
  const requiredKeys = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
  const variables = (mode: Mode) => {
    const model: Record<string, fc.Arbitrary<Json>> = {};
    for (const arg of args) model[arg.name] = inputValue(arg.type, arg.name, options, mode);
    return fc.record(model, { requiredKeys }) as fc.Arbitrary<{ [key: string]: Json }>;
  };
  const oneHostile = fc
    .tuple(variables('calm'), fc.nat(), fc.oneof(hostileAnything, fc.constant(null)))
    .map(([calm, n, hostile]) => {
      const all = positions(calm);
      return all.length ? (replaced(calm, all[n % all.length], hostile) as { [key: string]: Json }) : calm;
    });
  return fc.oneof({ arbitrary: variables('calm'), weight: 2 }, { arbitrary: oneHostile, weight: 3 }, { arbitrary: variables('wild'), weight: 2 });
}
