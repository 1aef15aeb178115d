import { getVariableValues } from 'graphql/execution/values';
import {
  astFromValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  validate,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { DEMO, DEMO_PASSWORD } from '../../kernel/demo';
import { boundInDescription, type ListBound, type TextBound } from '../../kernel/input-bounds';
import { encodeCursor } from '../../kernel/pagination';

/**
 * A schema-driven generator of valid GraphQL operations filled with edge-case values, for the
 * fuzzing suite (test/fuzz.spec.ts). It reads only the schema it is given (the API schema of
 * the committed supergraph), so a field added to the graph is fuzzed without editing this file:
 * every query and mutation field in turn, selections picked from the return types (with
 * `... on` fragments for unions and interfaces, to a bounded depth), arguments as literals or
 * variables filled from the bounds the descriptions state and from the demo data.
 */

/**
 * sfc32 seeded by splitmix32: a few lines of well-known arithmetic, deterministic from one
 * 32-bit seed, which is all the generator needs (a property-testing library's shrinking would
 * replay operations against a server whose state each one changes).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** One generated operation, as sent to the gateway. */
export interface FuzzOperation {
  /** The root field it exercises, e.g. `Mutation.registerProduct`. */
  coordinate: string;
  query: string;
  variables: Record<string, unknown>;
}

// Every string leaf of the demo data (ids, e-mails, phones) as real values, plus the codes and
// numbers the seeds write, the demo password and a password the policy accepts; the fuzzer sends
// them as well as random ones.
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}
const DEMO_STRINGS = [
  ...new Set([
    ...leaves(DEMO),
    DEMO_PASSWORD,
    'a-new-passphrase-2026',
    'AC-BB-4MZP77TT',
    'MS9D-2LQW-7RTY-55AB',
    'MS7Q-4K2W-9PXC-31RA',
    'TBB9-2M4N-7QW1-XY5Z',
    'CG-100002',
    encodeCursor({ at: new Date('2026-01-01T00:00:00.000Z'), id: DEMO.orders.download }),
  ]),
];

/**
 * Real values of a kind, for a field whose name says what it holds (`email`, `accountId`,
 * `serialNumber`…): a new field named like the old ones gets real values without any editing,
 * and operations get past the first check of a service to the code behind it.
 */
const KINDS: Array<{ name: RegExp; value: (v: string) => boolean }> = [
  { name: /e-?mail/i, value: (v) => v.includes('@') },
  { name: /phone/i, value: (v) => v.startsWith('+') },
  { name: /password/i, value: (v) => v === DEMO_PASSWORD || v.includes('passphrase') },
  { name: /code|serial|number/i, value: (v) => /^[A-Z]{2}[A-Z0-9]*-[A-Z0-9-]+$/.test(v) },
  { name: /(^id$|Id$|Ids$)/, value: (v) => /^[0-9a-f-]{36}$/.test(v) },
  { name: /after|before|cursor/i, value: (v) => /^[A-Za-z0-9_-]{40,}$/.test(v) },
];
const realValuesFor = (name: string | undefined): readonly string[] => {
  const kind = name ? KINDS.find((k) => k.name.test(name)) : undefined;
  const values = kind ? DEMO_STRINGS.filter(kind.value) : [];
  return values.length ? values : DEMO_STRINGS;
};

/** Odd but well-formed text: every one a value a client could send. */
const ODD_STRINGS = [
  '',
  ' ',
  '   \t  ',
  '\n',
  '\u00a0\u2003\u3000',
  'a\u0000b',
  '\u0000',
  '\u0001\u0002\u001b[31m\u007f',
  'line one\r\nline two',
  '\u0085\u009f',
  '\u200b\u200d\ufeff',
  '😀'.repeat(300),
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'שלום עולם',
  'مرحبا بالعالم',
  '\u202eevil\u202c.com',
  'e\u0301\u0301\u0301\u0323\u0323',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358'.repeat(20),
  'ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ',
  'İSTANBUL@EXAMPLE.COM',
  "O'Brien",
  '"\'`\\"\'',
  '\'"'.repeat(200),
  "' OR '1'='1",
  "'; DROP TABLE accounts; --",
  'Robert"); DELETE FROM orders; --',
  '%_%\\_',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '{}',
  'a@b',
  '@example.com',
  'a@example.com',
  '+1',
  '+14155550123',
  '+1 (415) 555-0199',
  '123456',
];

/** Text that only a variable can carry: a lone surrogate is not valid in a GraphQL document. */
const VARIABLE_ONLY_STRINGS = ['\ud800', 'abc\udfff', '😀\ud83d'];

const INTS = [0, 1, -1, 2, 10, 99, 100, 101, 1000, 65535, 2147483647, -2147483648, 2147483646, -2147483647];
const FLOATS = [0, -0, 0.5, -0.5, 1e-9, 3.141592653589793, 1e15, -1e15, 1e300, 2147483648.5];

// One character each (code point), some of which change length when lower-cased or normalized.
const FILLERS = ['a', '9', '😀', 'é', 'Ａ', 'ש', '\u0301', 'İ', 'ß', 'ﬃ'];

/** Values for custom scalars by name (a scalar the generator does not know gets strings and numbers). */
const SCALARS: Record<string, unknown[]> = {
  DateTimeISO: ['2026-11-18T15:00:00.000Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', 'yesterday', '', '0'],
};

const isLoneSurrogateText = (value: unknown): boolean =>
  typeof value === 'string' ? /\p{Cs}/u.test(value) : Array.isArray(value) ? value.some(isLoneSurrogateText) : value && typeof value === 'object' ? Object.values(value).some(isLoneSurrogateText) : false;

interface Root {
  operation: 'query' | 'mutation';
  type: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** State of one operation being written: its variable definitions and values. */
class Draft {
  readonly definitions: string[] = [];
  readonly variables: Record<string, unknown> = {};
  private next = 0;

  variable(type: GraphQLInputType, value: unknown): string {
    const name = `v${this.next++}`;
    this.definitions.push(`$${name}: ${String(type)}`);
    this.variables[name] = value;
    return `$${name}`;
  }
}

/**
 * How often a text is an edge case rather than a real value, chosen per operation: operations
 * made mostly of real values with one or two odd ones get past the first checks to the code
 * behind them (a registration that reaches the account's creation); hostile ones test the checks.
 */
const HOSTILITY = [0.15, 0.5, 1];

export class OperationFuzzer {
  private hostility = 1;

  /** Every query and mutation field, in a fixed order: operation i exercises roots[i % n]. */
  readonly roots: Root[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: Random,
    private readonly maxDepth = 4,
  ) {
    this.roots = (['query', 'mutation'] as const).flatMap((operation) => {
      const type = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
      if (!type) return [];
      return Object.values(type.getFields())
        .filter((field) => !field.name.startsWith('__'))
        .map((field) => ({ operation, type, field }));
    });
  }

  /** The i-th operation. Throws when the generator wrote an invalid one (a bug of the generator). */
  operation(index: number): FuzzOperation {
    const root = this.roots[index % this.roots.length];
    this.hostility = this.random.pick(HOSTILITY);
    const draft = new Draft();
    const field = this.field(root.field, draft, 1, root.field.name);
    const header = draft.definitions.length ? `(${draft.definitions.join(', ')})` : '';
    const query = `${root.operation} Fuzz${header} {\n  ${field}\n}`;
    const op: FuzzOperation = { coordinate: `${root.type.name}.${root.field.name}`, query, variables: draft.variables };
    this.check(op);
    return op;
  }

  /** The generator promises valid operations: checked here against the same schema, variables included. */
  private check(op: FuzzOperation): void {
    const document = parse(op.query);
    const errors = validate(this.schema, document);
    const definition = document.definitions[0] as OperationDefinitionNode;
    const coerced = getVariableValues(this.schema, definition.variableDefinitions ?? [], op.variables);
    const problems = [...errors.map((e) => e.message), ...(coerced.errors ?? []).map((e) => e.message)];
    if (problems.length) throw new Error(`the fuzzer wrote an invalid operation:\n${problems.join('\n')}\n${op.query}`);
  }

  private field(field: GraphQLField<unknown, unknown>, draft: Draft, depth: number, alias: string): string {
    const args = this.arguments(field.args, draft);
    const named = getNamedType(field.type);
    const head = `${alias === field.name ? '' : `${alias}: `}${field.name}${args}`;
    return isLeafType(named) ? head : `${head} ${this.selection(named, draft, depth)}`;
  }

  private arguments(args: readonly GraphQLArgument[], draft: Draft): string {
    const written: string[] = [];
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (!required && this.random.chance(0.4)) continue;
      const value = this.value(arg.type, { name: arg.name, ...boundInDescription(arg.description) });
      const literal = !isLoneSurrogateText(value) && this.random.chance(0.4) ? astFromValue(value, arg.type) : null;
      written.push(`${arg.name}: ${literal ? print(literal) : draft.variable(arg.type, value)}`);
    }
    return written.length ? `(${written.join(', ')})` : '';
  }

  /** A selection set of a composite type: some of its fields, fragments on its possible types. */
  private selection(type: GraphQLNamedType, draft: Draft, depth: number): string {
    const parts: string[] = [];
    if (isObjectType(type) || isInterfaceType(type)) parts.push(...this.fields(type, draft, depth, ''));
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      for (const member of possible) {
        if (!this.random.chance(0.7)) continue;
        // Members may have fields of one name and different types: aliased apart, they never conflict.
        const fields = this.fields(member, draft, depth, member.name);
        if (fields.length) parts.push(`... on ${member.name} { ${fields.join(' ')} }`);
      }
    }
    if (parts.length === 0 || this.random.chance(0.3)) parts.unshift('__typename');
    return `{ ${parts.join(' ')} }`;
  }

  private fields(type: GraphQLObjectType | GraphQLInterfaceType, draft: Draft, depth: number, aliasPrefix: string): string[] {
    const chosen: string[] = [];
    const fields = Object.values(type.getFields());
    for (const field of fields) {
      const leaf = isLeafType(getNamedType(field.type));
      if (!leaf && depth >= this.maxDepth) continue;
      if (!this.random.chance(leaf ? 0.5 : 0.35)) continue;
      chosen.push(this.field(field, draft, depth + 1, aliasPrefix ? `${aliasPrefix}_${field.name}` : field.name));
    }
    return chosen;
  }

  /**
   * A value of an input type, bounded by what the description of its argument or field states.
   * From `depth` 2 on, lists stay short and optional fields are left out, so that recursive input
   * types (a filter of filters) end.
   */
  value(type: GraphQLInputType, bounds: { name?: string; text?: TextBound; list?: ListBound }, depth = 0): unknown {
    if (!isNonNullType(type) && this.random.chance(0.12)) return null;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const max = bounds.list?.maxItems;
      const length = depth >= 2 ? this.random.int(2) : this.random.pick([0, 1, 2, 3, ...(max !== undefined ? [max, max + 1] : [25])]);
      return Array.from({ length }, () => this.value(inner.ofType, { name: bounds.name, text: bounds.list?.each ?? bounds.text }, depth + 1));
    }
    if (isInputObjectType(inner)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (!required && (depth >= 2 || this.random.chance(0.35))) continue;
        object[field.name] = this.value(field.type, { name: field.name, ...boundInDescription(field.description) }, depth + 1);
      }
      return object;
    }
    if (isEnumType(inner)) return this.random.pick(inner.getValues()).name;
    if (isScalarType(inner)) {
      switch (inner.name) {
        case 'String':
        case 'ID':
          return this.text(bounds.text, realValuesFor(bounds.name));
        case 'Int':
          return this.random.chance(0.8) ? this.random.pick(INTS) : this.random.int(2 ** 32) - 2 ** 31;
        case 'Float':
          return this.random.chance(0.8) ? this.random.pick(FLOATS) : (this.random.next() - 0.5) * 10 ** this.random.int(12);
        case 'Boolean':
          return this.random.chance(0.5);
        default:
          return this.random.pick(SCALARS[inner.name] ?? [...ODD_STRINGS.slice(0, 8), 0, -1, 2147483647]);
      }
    }
    throw new Error(`no values for input type ${String(type)}`);
  }

  /** Edge-case text: real values (of the kind the name says), odd characters, lengths around the stated bound, 10,000 characters. */
  private text(bound: TextBound | undefined, real: readonly string[]): string {
    if (!this.random.chance(this.hostility)) return this.random.pick(real);
    const r = this.random.next();
    if (r < 0.3) return this.random.pick(real);
    if (r < 0.45) {
      // Mutated real values: padded, cased, with odd characters before, inside or after.
      const base = this.random.pick(real);
      const odd = this.random.pick(ODD_STRINGS);
      return this.random.pick([` ${base.toUpperCase()} `, odd + base, base + odd, base.slice(0, 3) + odd + base.slice(3), base.repeat(20)]);
    }
    if (r < 0.65) {
      // Just under, at and over the stated bound, in characters (code points) of one kind — ASCII,
      // astral, accented, fullwidth, RTL, combining, expanding when lower-cased — alone or
      // padding a real value (an e-mail address at the bound, say).
      const max = bound?.maxLength ?? this.random.pick([40, 64, 254]);
      const length = this.random.pick([max - 1, max, max + 1, 2 * max]);
      const base = this.random.chance(0.5) ? this.random.pick(real) : '';
      const pad = Math.max(0, length - [...base].length);
      return this.random.pick(FILLERS).repeat(pad) + base;
    }
    if (r < 0.7) return this.random.pick(['x', '😀', "'", '\u0000']).repeat(10_000);
    if (r < 0.75) return this.random.pick(VARIABLE_ONLY_STRINGS);
    if (r < 0.8) {
      const length = this.random.int(65);
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCodePoint(this.random.pick([this.random.int(0x80), this.random.int(0x800), 0x1f600 + this.random.int(64)]));
      return text;
    }
    return this.random.pick(ODD_STRINGS);
  }
}

/** A value as a failure report shows it: long texts shortened, so the operation stays readable. */
export function abbreviate(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 80 ? `${JSON.stringify(value.slice(0, 24)).slice(1, -1)}… (${value.length} UTF-16 units)` : value;
  if (Array.isArray(value)) return value.length > 10 ? [...value.slice(0, 10).map(abbreviate), `… (${value.length} items)`] : value.map(abbreviate);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abbreviate(v)]));
  return value;
}
