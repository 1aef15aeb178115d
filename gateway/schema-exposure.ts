import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type GraphQLFormattedError, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { refusal } from '../kernel/errors';
import { isStaff, type Identity } from '../kernel/identity';

/**
 * What the gateway tells about its schema in production: introspection to staff only, and no
 * "Did you mean …?" suggestions to anyone (they spell out field, type and enum names one guess
 * at a time). In development both stay, for the front-end developers exploring the graph.
 */

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Whether the operation reads the schema (`__schema`, `__type`), fragments included; each fragment is looked at once. */
export function readsSchema(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(selection.name.value) || (!!selection.selectionSet && walk(selection.selectionSet));
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      return !!fragment && walk(fragment.selectionSet);
    });
  return walk(operation.selectionSet);
}

/**
 * Introspection in production is for support agents and analysts (Apollo Sandbox) only:
 * customers' apps need no schema at run time, and a stranger mapping the graph is the first
 * step of most attacks. In development anyone may introspect. Apollo Server's own switch is
 * one for everybody, and its validation rule would be cached with the document, so the check
 * runs per request, once the caller is known (`identity`, from the context).
 */
export function introspectionPolicyPlugin<T extends BaseContext & { identity: Identity }>(options: { everyone: boolean }): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      if (options.everyone) return;
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || isStaff(contextValue.identity)) return;
          if (readsSchema(document, operation)) {
            throw refusal('INTROSPECTION_DISABLED', 'Introspection is open to support agents and analysts only.');
          }
        },
      };
    },
  };
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Drops "Did you mean …?" from every error message. Apollo Server's hideSchemaDetailsFromClientErrors
 * does it for validation errors only; graphql-js also suggests while coercing variables
 * ('Field "emial" is not defined by type "SignInInput". Did you mean "email"?').
 */
export function withoutSuggestions<E>(format: (formatted: GraphQLFormattedError, error: E) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, error: E): GraphQLFormattedError => {
    const result = format(formatted, error);
    const message = result.message.replace(SUGGESTION, '');
    return message === result.message ? result : { ...result, message };
  };
}
