import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, type DocumentNode, type Source } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { Context } from './builder.js';
import { appError } from './errors.js';

/**
 * Trusted documents: the operations the web app ships, persisted by codegen's client preset as
 * `persisted-documents.json` (`"sha256:<hex>": "<document>"`, kept in sync by codegen:check).
 *
 * - A request naming a known hash (`extensions.persistedQuery.sha256Hash`) runs the manifest's
 *   document, whatever query text came with it; a hash alone is enough.
 * - With TRUSTED_DOCUMENTS_ONLY, an anonymous caller (no API key, not a moderator) may run only
 *   those documents: anything else gets FORBIDDEN. API keys and moderators run any document
 *   within the query limits. An unknown hash sent without query text is PERSISTED_QUERY_NOT_FOUND.
 *
 * Trust is a property of the document object that is executed (the manifest's own parsed
 * documents), checked in execute/subscribe, so no parse cache or client claim can launder text.
 */
export interface TrustedDocuments {
  /** Documents by hex SHA-256. */
  readonly size: number;
  /** The manifest's parsed document for a hash (hex, optionally `sha256:`-prefixed), or null. */
  byHash(hash: string): DocumentNode | null;
  /** The manifest's parsed document whose text is exactly this, or null. */
  byText(text: string): DocumentNode | null;
  /** The manifest's text for a hash, or null. */
  textOf(hash: string): string | null;
  /** Whether this very document object is one of the manifest's. */
  isTrusted(document: unknown): boolean;
}

const HEX = /^[0-9a-f]{64}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hexOf = (hash: string) => hash.replace(/^sha256:/, '').toLowerCase();

/** Build from a manifest object; every entry's hash must be the SHA-256 of its text. */
export function trustedDocumentsFrom(manifest: unknown): TrustedDocuments {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error('the manifest must be a JSON object');
  const texts = new Map<string, string>();
  const documents = new Map<string, DocumentNode>();
  const trusted = new WeakSet<DocumentNode>();
  for (const [key, text] of Object.entries(manifest as Record<string, unknown>)) {
    const hex = hexOf(key);
    if (!HEX.test(hex) || typeof text !== 'string') throw new Error(`entry ${key.slice(0, 80)} is not "sha256:<hex>": "<document>"`);
    if (sha256(text) !== hex) throw new Error(`entry ${key} does not match the SHA-256 of its document`);
    const document = parse(text);
    texts.set(hex, text);
    documents.set(hex, document);
    trusted.add(document);
  }
  return {
    size: documents.size,
    byHash: (hash) => documents.get(hexOf(hash)) ?? null,
    byText: (text) => documents.get(sha256(text)) ?? null,
    textOf: (hash) => texts.get(hexOf(hash)) ?? null,
    isTrusted: (document) => typeof document === 'object' && document !== null && trusted.has(document as DocumentNode),
  };
}

const loaded = new Map<string, TrustedDocuments>();
const MANIFEST = 'persisted-documents.json';

/** `path` itself when it is a file, else every persisted-documents.json under it. */
function manifestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => basename(name) === MANIFEST)
    .sort()
    .map((name) => join(path, name));
}

/**
 * The trusted documents at `path` (TRUSTED_DOCUMENTS_PATH: a manifest, or a directory holding one
 * per codegen target), read once per process and merged. Nothing there is an empty set (the
 * option off, or a deployment without the web app's sources); with `required` it is an error,
 * as is a malformed manifest.
 */
export function loadTrustedDocuments(path: string, required: boolean): TrustedDocuments {
  const cached = loaded.get(path);
  if (cached) return cached;
  let files: string[] = [];
  try {
    files = manifestFiles(path);
  } catch (err) {
    if (required) throw new Error(`TRUSTED_DOCUMENTS_ONLY needs ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (required && files.length === 0) throw new Error(`TRUSTED_DOCUMENTS_ONLY needs a ${MANIFEST} under ${path}`);
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    try {
      Object.assign(merged, JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      throw new Error(`trusted documents manifest ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  const documents = trustedDocumentsFrom(merged);
  loaded.set(path, documents);
  return documents;
}

/** `extensions.persistedQuery.sha256Hash` of a request, if it has a usable one. */
export function persistedHash(params: unknown): string | null {
  const extensions = (params as { extensions?: unknown } | null | undefined)?.extensions;
  const persisted = (extensions as { persistedQuery?: unknown } | null | undefined)?.persistedQuery;
  const hash = (persisted as { sha256Hash?: unknown } | null | undefined)?.sha256Hash;
  return typeof hash === 'string' && hash.length <= 80 ? hash : null;
}

/** Whether a caller is held to the trusted documents (anonymous viewers only). */
export function heldToTrustedDocuments(ctx: Pick<Context, 'role' | 'apiKey'>): boolean {
  return ctx.role !== 'MODERATOR' && !ctx.apiKey;
}

/**
 * The check for one operation about to run: null when it may run, else the error to answer
 * with. `document` is the parsed document that will execute. Also what the graphql-ws lean
 * `sceneEvents` path must call, since it does not run envelop's execute/subscribe.
 */
export function trustedDocumentVerdict(documents: TrustedDocuments, only: boolean, ctx: Context, document: unknown) {
  if (!only || !heldToTrustedDocuments(ctx) || documents.isTrusted(document)) return null;
  return appError('FORBIDDEN', "This server runs only the web app's documents for anonymous callers; use an API key to run others.", {
    reason: 'TRUSTED_DOCUMENTS_ONLY',
  });
}

/**
 * The yoga plugin: resolves hashes to the manifest's documents (HTTP and graphql-ws, which both
 * parse through envelop), and with `only` refuses untrusted documents for anonymous callers in
 * execute and subscribe.
 */
export function useTrustedDocuments(documents: TrustedDocuments, only: boolean): Plugin<Context> {
  const refuse = (ctx: Context, document: unknown, stop: (result: { errors: Error[] }) => void) => {
    const error = trustedDocumentVerdict(documents, only, ctx, document);
    if (error) stop({ errors: [error] });
  };
  return {
    onRequestParse() {
      // HTTP: a hash alone names its document, and a known hash wins over any text sent with it.
      // Done before yoga checks the params, which would refuse a request without query text.
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          const resolveOne = (params: GraphQLParams): GraphQLParams => {
            const hash = persistedHash(params);
            if (hash === null) return params;
            const text = documents.textOf(hash);
            if (text !== null) return { ...params, query: text };
            if (!params.query) throw appError('PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this hash: send the query text.');
            return params;
          };
          setRequestParserResult(
            Array.isArray(requestParserResult) ? requestParserResult.map(resolveOne) : resolveOne(requestParserResult),
          );
        },
      };
    },
    onParse({ context, params }) {
      // graphql-ws passes its params in the context; HTTP's were rewritten in onRequestParse.
      const hash = persistedHash((context as { params?: unknown }).params);
      // envelop types the source loosely (any graphql version); it is a string or graphql 16's Source.
      const given = params.source as string | Source;
      const source = typeof given === 'string' ? given : given.body;
      const document = (hash !== null ? documents.byHash(hash) : null) ?? documents.byText(source);
      if (!document) return;
      // After any parse cache: the manifest's own object is what executes (and what is trusted).
      return ({ replaceParseResult }) => replaceParseResult(document);
    },
    onExecute({ args, setResultAndStopExecution }) {
      refuse(args.contextValue, args.document, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      refuse(args.contextValue, args.document, setResultAndStopExecution);
    },
  };
}

/**
 * For the graphql-ws broadcast `sceneEvents` path, which skips envelop's subscribe
 * (http/ws/operations.ts asks once per subscribe): whether this operation may take it. False for a
 * refused caller, for an API key (its limit and counters live in envelop's subscribe:
 * http/apiKeyLimit.ts) and for an untrusted document under TRUSTED_DOCUMENTS_ONLY; the operation
 * then runs through envelop, which answers exactly as HTTP does. False for a moderator too: the
 * broadcast hub serves the aired feed (`scene:evented`, what viewers get after the broadcast
 * delay), and moderators follow the live one, which the stock path's resolver picks.
 */
export function mayTakeLeanPath(ctx: Context, document: DocumentNode): boolean {
  if (ctx.refusal || ctx.apiKey || ctx.role === 'MODERATOR') return false;
  const { only, path } = ctx.container.config.trustedDocuments;
  return trustedDocumentVerdict(loadTrustedDocuments(path, only), only, ctx, document) === null;
}
