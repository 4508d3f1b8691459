import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * What graphql-js's `didYouMean` appends: ` Did you mean "a"?`, `… "a" or "b"?`,
 * `… "a", "b", or "c"?`, `… the enum value "A"?`. Names never hold a quote.
 */
const SUGGESTION = / Did you mean (?:the enum value )?"[^"]*"(?:,? (?:or )?"[^"]*")*\?/g;

/** A graphql-js message without its `Did you mean …?` suggestion. */
export function stripSuggestion(message: string): string {
  return message.includes('Did you mean') ? message.replace(SUGGESTION, '') : message;
}

/** The error without its suggestion (the object is reused, as graphql-armor does). */
function withoutSuggestion(error: GraphQLError): GraphQLError {
  error.message = stripSuggestion(error.message);
  return error;
}

/** An execution result's errors without suggestions; a stream (a running subscription) is left alone. */
function scrub(result: unknown): void {
  const errors = (result as { errors?: GraphQLError[] } | null)?.errors;
  if (Array.isArray(errors)) errors.forEach(withoutSuggestion);
}

/**
 * No "Did you mean …?" in error messages (on whenever introspection is off). graphql-js names
 * the closest fields, arguments, types, input fields and enum values of the schema in its
 * errors, so a client could map a schema it may not introspect by sending typos.
 *
 * Validation: graphql 16.15's own `hideSuggestions` option. Execution: the same option is
 * passed, but yoga's executor (@graphql-tools/executor 2.1) coerces variables with graphql's
 * `coerceInputValue` without it, so `{"s": "PROPOSD"}` would still answer `Did you mean the
 * enum value "PROPOSED"?`; those messages are rewritten. graphql-armor's block-field-suggestions
 * rewrites only validation errors, and its pattern misses the enum-value wording, so it is not
 * used. graphql-ws runs the same enveloped validate/execute/subscribe (./websocket.ts).
 */
export function useNoSuggestions(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn(
        (schema, document, rules, options, typeInfo) =>
          validateFn(
            schema,
            document,
            rules,
            { ...(options as object | undefined), hideSuggestions: true },
            typeInfo,
          ) as readonly GraphQLError[],
      );
    },
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => executeFn({ ...args, hideSuggestions: true } as typeof args) as unknown);
      return { onExecuteDone: ({ result }) => scrub(result) };
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => subscribeFn({ ...args, hideSuggestions: true } as typeof args) as unknown);
      return { onSubscribeResult: ({ result }) => scrub(result) };
    },
  };
}
