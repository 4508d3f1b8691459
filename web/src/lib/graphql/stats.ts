import { graphql } from './generated/stats';

/**
 * The stats page's operations: only the public API, as any dashboard would use it. Codegen
 * writes their typed documents into ./generated/stats (a target of their own, so the
 * viewer's bundle does not carry them); run `npm run codegen` after editing.
 */

export const StatsOverviewQuery = graphql(`
  query StatsOverview {
    stats {
      turns
      promptTokens
      completionTokens
      estimatedCostUsd
      viewers
      byModel {
        model
      }
      byScene {
        sceneId
        turns
        promptTokens
        completionTokens
        estimatedCostUsd
      }
    }
    scenes {
      id
      name
      status
      viewers
    }
  }
`);

export const UsageSeriesQuery = graphql(`
  query UsageSeries($bucket: UsageBucketSize!, $since: Timestamp!, $until: Timestamp!, $sceneId: ID, $model: String) {
    usage(bucket: $bucket, since: $since, until: $until, sceneId: $sceneId, model: $model) {
      buckets {
        start
        turns
        promptTokens
        completionTokens
        costUsd
        linesPerMinute
        peakViewers
        averageViewers
      }
    }
  }
`);

export const CharacterStatsQuery = graphql(`
  query CharacterStatsRange($since: Timestamp!, $until: Timestamp!, $sceneId: ID) {
    characterStats(since: $since, until: $until, sceneId: $sceneId) {
      characterId
      name
      sceneId
      lines
      averageRating
      moods {
        mood
        emoji
        count
      }
      addressees {
        name
        count
      }
    }
  }
`);

export const StatsFeedSubscription = graphql(`
  subscription StatsFeed($sceneId: ID) {
    statsFeed(sceneId: $sceneId) {
      at
      turns
      promptTokens
      completionTokens
      costUsd
      viewers
    }
  }
`);
