import {
  defaultFieldResolver,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { boundInDescription, listProblem, outOfBounds, textProblem, type ListBound, type TextBound } from './input-bounds';

/** Checks one argument's value (never null here); throws BAD_USER_INPUT naming `path`. */
type Check = (value: unknown, path: string) => void;

/**
 * The step that enforces input bounds where input enters a subgraph: every field that takes
 * arguments gets its resolver wrapped by a check compiled once from the schema, so a value out
 * of its bound is refused with BAD_USER_INPUT (naming the argument or input field and the bound)
 * before any resolver or service runs, and nothing is written.
 *
 * Why a step over the built schema rather than class-validator decorators (type-graphql's
 * `validate: true`): class-validator validates input classes but not scalar arguments such as
 * `recoverEmail(code: String!)`, which are most of this graph's text; the bound would be written
 * twice (decorator and description) and could disagree; and the check would only run where a
 * resolver remembered to declare it. Here the description's bound sentence is the only record,
 * every argument of every field is covered, including fields added later, and a text or list
 * argument that states no bound stops the schema from building (so `npm run compose` and every
 * subgraph refuse to start with one).
 */
export function enforceInputBounds(schema: GraphQLSchema): GraphQLSchema {
  const unbounded: string[] = [];
  const objectChecks = new Map<GraphQLInputObjectType, Check>();

  const compile = (type: GraphQLInputType, bounds: { text?: TextBound; list?: ListBound }, coordinate: string): Check | null => {
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (!bounds.list) unbounded.push(`${coordinate} (a list: "At most N items.")`);
      const item = compile(nullable.ofType, { text: bounds.list?.each ?? bounds.text }, `${coordinate}[]`);
      const list = bounds.list;
      return (value, path) => {
        // GraphQL accepts a single value for a list argument (input coercion makes it a list of one).
        const items = Array.isArray(value) ? value : [value];
        const problem = list && listProblem(path, items.length, list);
        if (problem) throw outOfBounds(path, problem);
        if (item) items.forEach((v, i) => v != null && item(v, `${path}[${i}]`));
      };
    }
    if (isInputObjectType(nullable)) return compileObject(nullable);
    if (isScalarType(nullable) && (nullable.name === 'String' || nullable.name === 'ID')) {
      const bound = bounds.text;
      if (!bound) {
        unbounded.push(`${coordinate} ("At most N characters.")`);
        return null;
      }
      return (value, path) => {
        const problem = typeof value === 'string' ? textProblem(path, value, bound) : null;
        if (problem) throw outOfBounds(path, problem);
      };
    }
    // Int, Float, Boolean, enums and custom scalars are checked by GraphQL's own coercion.
    return null;
  };

  // Input types may refer to themselves: the check is registered before its fields are compiled.
  const compileObject = (type: GraphQLInputObjectType): Check => {
    const known = objectChecks.get(type);
    if (known) return known;
    let fields: Array<[string, Check]> = [];
    const check: Check = (value, path) => {
      if (typeof value !== 'object' || value === null) return;
      for (const [name, field] of fields) {
        const v = (value as Record<string, unknown>)[name];
        if (v != null) field(v, `${path}.${name}`);
      }
    };
    objectChecks.set(type, check);
    fields = Object.values(type.getFields()).flatMap((field) => {
      const c = compile(field.type, boundInDescription(field.description), `${type.name}.${field.name}`);
      return c ? [[field.name, c] as [string, Check]] : [];
    });
    return check;
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // Federation's own entry point: representations come from the gateway, checked by each reference resolver.
      if (type === schema.getQueryType() && field.name.startsWith('_')) continue;
      const checks = field.args.flatMap((arg) => {
        const c = compile(arg.type, boundInDescription(arg.description), `${type.name}.${field.name}(${arg.name})`);
        return c ? [[arg.name, c] as [string, Check]] : [];
      });
      if (checks.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, check] of checks) if (args[name] != null) check(args[name], name);
        return resolve(source, args, context, info);
      };
    }
  }
  if (unbounded.length) {
    throw new Error(`Every text and list argument and input field states its bound in its description (bounded() of kernel/input-bounds.ts). Missing: ${unbounded.join('; ')}`);
  }
  return schema;
}
