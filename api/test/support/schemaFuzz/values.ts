import fc from 'fast-check';
import { getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';

/**
 * Values for the schema fuzzer: a valid value for any input type (so a request gets as far as
 * the resolver), and bad values of every kind for one spot inside it.
 */

/** Stands for the JSON number literal 1e999 (JSON.stringify cannot write it); HTTP sends it raw. */
export const RAW_HUGE = '\u0001raw:1e999\u0001';

/** Known-good ids and names the valid values use, found on the running server. */
export interface Fixtures {
  sceneId: string;
  slug: string;
  characterId: string;
  proposalId: string;
  /** An API key that may be revoked (not the one the fuzzer uses). */
  decoyKeyId: string;
  now: number;
}

/** A valid value for `type`, picking known ids by the argument's or field's name. */
export function validValue(type: GraphQLInputType, name: string, fx: Fixtures): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (name === 'characters') {
      const character = validValue(inner.ofType, 'character', fx) as Record<string, unknown>;
      return [
        { ...character, name: 'Ann' },
        { ...character, name: 'Bob' },
      ];
    }
    return isNonNullType(type) ? [validValue(inner.ofType, name, fx)] : [];
  }
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (isNonNullType(field.type) || field.name === 'tokensPerHour') value[field.name] = validValue(field.type, field.name, fx);
    }
    // The one id that is not a scene's: revoke the decoy key, never the fuzzer's own.
    if (inner.name === 'RevokeApiKeyInput') value.id = fx.decoyKeyId;
    return value;
  }
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  switch (inner.name) {
    case 'ID':
      return validId(name, fx);
    case 'Timestamp': {
      const minute = Math.floor(fx.now / 60_000) * 60_000;
      return name === 'until' ? minute : minute - 60 * 60_000;
    }
    case 'Int':
      return (
        ({ value: 1, first: 5, last: 5, epoch: 1, afterSeq: 0, tokensPerHour: 1000, requestsPerMinute: 60 } as Record<string, number>)[
          name
        ] ?? 1
      );
    case 'Float':
      return name === 'pace' ? 2 : 0.5;
    case 'Boolean':
      return true;
    default:
      return validString(name, fx);
  }
}

function validId(name: string, fx: Fixtures): string {
  if (/scene/i.test(name) || name === 'id') return fx.sceneId;
  if (/proposal/i.test(name)) return fx.proposalId;
  if (/character/i.test(name)) return fx.characterId;
  return '1';
}

function validString(name: string, fx: Fixtures): string {
  const known: Record<string, string> = {
    slug: fx.slug,
    colour: '#ff8800',
    persona: 'A cheerful baker who talks about bread.',
    description: 'Two friends meet at the bakery.',
    text: 'A bell rings somewhere.',
  };
  return known[name] ?? 'Fuzzy Name';
}

/** Strings that have broken servers: control characters, lone surrogates, bidi overrides, sizes. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\udbff\udbff',
    '\u202eevil\u202c',
    '\u2066isolate\u2069',
    '\u200b',
    '\ufeff',
    '\r\n',
    "' or '1'='1",
    '"; drop table scene; --',
    '%00',
    '../../etc/passwd',
    '${x}',
    '🦄'.repeat(50),
    'é'.repeat(300),
    'x'.repeat(10_000),
    'y'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
);

/** Cursors as a client might forge them. */
export const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ maxLength: 40 }),
  fc.constantFrom('-1', '0', '999999999999999999999', 'null', '{}', '[]'),
  fc
    .oneof(fc.constantFrom('-1', '1e999', 'NaN', '\u0000', '{"id":"\\u0000"}', '99999999999999999999', 'abc', '1.5'), fc.string())
    .map((s) => Buffer.from(s).toString('base64')),
  fc.base64String({ maxLength: 40 }).map((s) => s.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_')),
  nastyString,
);

const hugeNumber = fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, -0, -1, 1.5, RAW_HUGE);

/** `levels` nested lists or objects around 1. */
export function nested(levels: number, asList: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = asList ? [value] : { a: value };
  // fast-check prints values recursively; this one it prints as what it is. (Symbol keys never reach JSON.)
  return Object.assign(value as object, { [fc.toStringMethod]: () => `<${levels} levels of ${asList ? '[…]' : '{a: …}'}>` });
}

/**
 * Deep variables, up to what a 64 KB body holds (objects take 6 bytes a level in JSON, lists 2).
 * Mostly deeper than a few thousand levels, where recursive code (JSON.stringify included) overflows.
 */
export const deepValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean()).map(([n, asList]) => nested(n, asList)),
  fc.integer({ min: 4_000, max: 10_000 }).map((n) => nested(n, false)),
  fc.integer({ min: 4_000, max: 32_000 }).map((n) => nested(n, true)),
);

/** Something of the wrong kind for any type. */
const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1.5, '', 'NOPE', {}, [], [null], { __proto__: 1 }, { constructor: 'x' }),
  fc.string({ maxLength: 10 }),
  fc.double(),
  fc.array(fc.integer(), { minLength: 200, maxLength: 1_000 }),
);

/** Bad values aimed at `type` (and at the argument or field called `name`). */
export function badValue(type: GraphQLInputType, name: string): fc.Arbitrary<unknown> {
  const inner = getNullableType(type);
  const specific: fc.Arbitrary<unknown>[] = [];
  if (isListType(inner)) {
    specific.push(
      fc.array(fc.constant(null), { minLength: 1, maxLength: 3 }),
      fc.array(fc.constant('x'), { minLength: 30, maxLength: 2_000 }),
    );
  } else if (isInputObjectType(inner)) {
    specific.push(fc.constantFrom({}, { unknownField: 1 }, 'object', [{}]));
  } else if (isEnumType(inner)) {
    specific.push(fc.constantFrom('NOPE', inner.getValues()[0]!.name.toLowerCase(), '', '__proto__', 'true', 0), nastyString);
  } else if (isScalarType(inner)) {
    if (inner.name === 'Int' || inner.name === 'Float')
      specific.push(hugeNumber, fc.integer(), fc.double(), fc.constantFrom('1', '0x10', '1e3'));
    else if (inner.name === 'Timestamp')
      specific.push(
        hugeNumber,
        fc.constantFrom(
          '2026-01-31T18:30:00Z',
          '2026-02-30',
          '1e999',
          'now',
          '1700000000000',
          '2026-01-31T18:30:00',
          '+275760-09-13T00:00:00Z',
        ),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.integer(),
        nastyString,
      );
    else if (inner.name === 'Boolean') specific.push(fc.constantFrom('true', 0, 1, 'yes'));
    else specific.push(/^(after|before|cursor)$/.test(name) ? badCursor : nastyString, fc.integer(), hugeNumber);
  }
  if (isNonNullType(type)) specific.push(fc.constant(null), fc.constant(undefined));
  return fc.oneof(
    { arbitrary: fc.oneof(...specific), weight: 6 },
    { arbitrary: wrongKind, weight: 1 },
    { arbitrary: deepValue, weight: 1 },
  );
}

/** Prints a value as a GraphQL literal for `type` (enum names bare when they are names). */
export function literal(value: unknown, type: GraphQLInputType): string {
  const deep = deepLiteral(value, type);
  if (deep !== null) return deep;
  const inner = getNullableType(type);
  if (value === null || value === undefined) return 'null';
  if (value === RAW_HUGE) return '1e999';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '1e999';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    return isEnumType(inner) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const item = isListType(inner) ? inner.ofType : type;
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  const fields = isInputObjectType(inner) ? inner.getFields() : {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) ? k : 'bad_name'}: ${literal(v, fields[k]?.type ?? type)}`).join(', ')}}`;
}

/**
 * JSON text for a fuzz value, as a client could write it: 1e999 raw for RAW_HUGE, and deep values
 * without recursion (JSON.stringify overflows the stack on them).
 */
export function jsonText(value: unknown): string {
  const chain = unwrapChain(value);
  if (chain) return `${chain.open.replace(/\{a: /g, '{"a":')}${jsonText(chain.leaf)}${chain.close}`;
  if (value === RAW_HUGE) return '1e999';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jsonText(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** True when `value` holds something JSON.stringify cannot write (a deep value, RAW_HUGE). */
export function needsRawJson(value: unknown): boolean {
  if (value === RAW_HUGE || unwrapChain(value)) return true;
  if (value !== null && typeof value === 'object') return Object.values(value).some(needsRawJson);
  return false;
}

/** A deep value's levels as text around its innermost value, or null when it is not deep. */
function unwrapChain(value: unknown): { open: string; close: string; leaf: unknown } | null {
  let open = '';
  let close = '';
  let depth = 0;
  let v = value;
  for (; ; depth++) {
    if (Array.isArray(v) && v.length === 1) [open, close, v] = [`${open}[`, `]${close}`, v[0]];
    else if (v !== null && typeof v === 'object' && Object.keys(v).join() === 'a')
      [open, close, v] = [`${open}{a: `, `}${close}`, (v as { a: unknown }).a];
    else break;
  }
  return depth > 20 ? { open, close, leaf: v } : null;
}

/** A deep value (see deepValue) printed without recursion: `[[[…1…]]]` or `{a: {a: …1…}}`. */
function deepLiteral(value: unknown, type: GraphQLInputType): string | null {
  const chain = unwrapChain(value);
  return chain ? `${chain.open}${literal(chain.leaf, type)}${chain.close}` : null;
}
