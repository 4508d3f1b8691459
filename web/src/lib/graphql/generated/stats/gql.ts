/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StatsOverview {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      estimatedCostUsd\n      viewers\n      byModel {\n        model\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n    }\n    scenes {\n      id\n      name\n      status\n      viewers\n    }\n  }\n": typeof types.StatsOverviewDocument,
    "\n  query UsageSeries($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {\n    usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {\n      buckets {\n        start\n        turns\n        promptTokens\n        completionTokens\n        costUsd\n        linesPerMinute\n        peakViewers\n        averageViewers\n      }\n    }\n  }\n": typeof types.UsageSeriesDocument,
    "\n  query CharacterStatsRange($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {\n    characterStats(since: $since, until: $until, sceneId: $sceneId) {\n      characterId\n      name\n      sceneId\n      lines\n      averageRating\n      moods {\n        mood\n        emoji\n        count\n      }\n      addressees {\n        name\n        count\n      }\n    }\n  }\n": typeof types.CharacterStatsRangeDocument,
    "\n  subscription StatsFeed($sceneId: ID) {\n    statsFeed(sceneId: $sceneId) {\n      at\n      turns\n      promptTokens\n      completionTokens\n      costUsd\n      viewers\n    }\n  }\n": typeof types.StatsFeedDocument,
};
const documents: Documents = {
    "\n  query StatsOverview {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      estimatedCostUsd\n      viewers\n      byModel {\n        model\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n    }\n    scenes {\n      id\n      name\n      status\n      viewers\n    }\n  }\n": types.StatsOverviewDocument,
    "\n  query UsageSeries($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {\n    usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {\n      buckets {\n        start\n        turns\n        promptTokens\n        completionTokens\n        costUsd\n        linesPerMinute\n        peakViewers\n        averageViewers\n      }\n    }\n  }\n": types.UsageSeriesDocument,
    "\n  query CharacterStatsRange($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {\n    characterStats(since: $since, until: $until, sceneId: $sceneId) {\n      characterId\n      name\n      sceneId\n      lines\n      averageRating\n      moods {\n        mood\n        emoji\n        count\n      }\n      addressees {\n        name\n        count\n      }\n    }\n  }\n": types.CharacterStatsRangeDocument,
    "\n  subscription StatsFeed($sceneId: ID) {\n    statsFeed(sceneId: $sceneId) {\n      at\n      turns\n      promptTokens\n      completionTokens\n      costUsd\n      viewers\n    }\n  }\n": types.StatsFeedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsOverview {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      estimatedCostUsd\n      viewers\n      byModel {\n        model\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n    }\n    scenes {\n      id\n      name\n      status\n      viewers\n    }\n  }\n"): (typeof documents)["\n  query StatsOverview {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      estimatedCostUsd\n      viewers\n      byModel {\n        model\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n    }\n    scenes {\n      id\n      name\n      status\n      viewers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsageSeries($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {\n    usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {\n      buckets {\n        start\n        turns\n        promptTokens\n        completionTokens\n        costUsd\n        linesPerMinute\n        peakViewers\n        averageViewers\n      }\n    }\n  }\n"): (typeof documents)["\n  query UsageSeries($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {\n    usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {\n      buckets {\n        start\n        turns\n        promptTokens\n        completionTokens\n        costUsd\n        linesPerMinute\n        peakViewers\n        averageViewers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CharacterStatsRange($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {\n    characterStats(since: $since, until: $until, sceneId: $sceneId) {\n      characterId\n      name\n      sceneId\n      lines\n      averageRating\n      moods {\n        mood\n        emoji\n        count\n      }\n      addressees {\n        name\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query CharacterStatsRange($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {\n    characterStats(since: $since, until: $until, sceneId: $sceneId) {\n      characterId\n      name\n      sceneId\n      lines\n      averageRating\n      moods {\n        mood\n        emoji\n        count\n      }\n      addressees {\n        name\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatsFeed($sceneId: ID) {\n    statsFeed(sceneId: $sceneId) {\n      at\n      turns\n      promptTokens\n      completionTokens\n      costUsd\n      viewers\n    }\n  }\n"): (typeof documents)["\n  subscription StatsFeed($sceneId: ID) {\n    statsFeed(sceneId: $sceneId) {\n      at\n      turns\n      promptTokens\n      completionTokens\n      costUsd\n      viewers\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;