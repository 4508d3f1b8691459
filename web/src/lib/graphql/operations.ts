import { graphql } from './generated';

/**
 * Every GraphQL operation the web client sends. Codegen reads this file and writes typed
 * documents into ./generated (run `npm run codegen` after editing).
 */

export const CharacterStateFields = graphql(`
  fragment CharacterStateFields on CharacterState {
    id
    action
    actionStartedAt
    actionDurationMs
    mood
    moodEmoji
    spot
    facing
    endRequestedAt
    holding
    walk {
      path {
        x
        y
      }
      startedAt
      durationMs
    }
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    epoch
    turn
    speakerId
    speakerName
    recipientId
    recipientName
    content
    thoughts
    mood
    moodEmoji
    reaction
    rating
    endConversation
    moveTo
    speakingMs
    model
    promptTokens
    completionTokens
    latencyMs
    fallback
    createdAt
    hidden
    hiddenReason
  }
`);

/** What happened in the room with a line (`Message.lineEvents`): the same shapes the live stream sends. */
export const LineEventFields = graphql(`
  fragment LineEventFields on SceneEvent {
    __typename
    seq
    epoch
    at
    sceneId
    ... on CharacterChanged {
      character {
        id
        action
        actionStartedAt
        actionDurationMs
        mood
        moodEmoji
        spot
        facing
        endRequestedAt
        holding
      }
    }
    ... on CharacterActed {
      characterId
      actionKind: action
      objectId
      targetId
      actionSpot: spot
      description
      emoji
    }
  }
`);

export const SceneListQuery = graphql(`
  query SceneList {
    scenes {
      id
      slug
      name
      description
      status
      viewers
      epoch
      builtIn
      nextConversationAt
      room {
        id
        name
        floor
        wall
      }
      characters {
        id
        name
        colour
        state {
          action
        }
      }
    }
  }
`);

export const SceneDetailQuery = graphql(`
  query SceneDetail($slug: String, $id: ID) {
    scene(slug: $slug, id: $id) {
      id
      slug
      name
      description
      status
      statusReason
      epoch
      turn
      lastSeq
      viewers
      pace
      tokenBudgetPerHour
      tokensThisHour
      successorSceneId
      startedAt
      endedAt
      nextConversationAt
      room {
        id
        name
        width
        height
        floor
        wall
        furniture {
          kind
          x
          y
          w
          h
        }
        spots {
          name
          x
          y
        }
        objects {
          id
          name
          spot
          x
          y
          usable
          portable
          emoji
        }
      }
      characters {
        id
        name
        colour
        persona
        appearance
        homeSpot
        baseMood
        baseMoodEmoji
        messageCount
        averageRating
        state {
          ...CharacterStateFields
        }
      }
      conversations {
        epoch
        messageCount
        startedAt
        lastMessageAt
      }
    }
  }
`);

export const MessagesQuery = graphql(`
  query Messages($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {
    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...MessageFields
        lineEvents {
          ...LineEventFields
        }
      }
    }
  }
`);

export const StatsQuery = graphql(`
  query Stats {
    stats {
      turns
      promptTokens
      completionTokens
      viewers
      byModel {
        model
        turns
        promptTokens
        completionTokens
        averageLatencyMs
      }
      byScene {
        sceneId
        turns
        promptTokens
        completionTokens
      }
    }
  }
`);

export const SceneEventsSubscription = graphql(`
  subscription SceneEvents($sceneId: ID!, $afterSeq: Int) {
    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {
      __typename
      seq
      epoch
      at
      airsAt
      sceneId
      ... on CharacterChanged {
        character {
          ...CharacterStateFields
        }
      }
      ... on MessagePosted {
        message {
          ...MessageFields
        }
      }
      ... on CharacterActed {
        characterId
        actionKind: action
        objectId
        targetId
        actionSpot: spot
        description
        emoji
      }
      ... on SceneStatusChanged {
        status
        statusReason: reason
      }
      ... on ConversationEnded {
        nextConversationAt
      }
      ... on MessageHidden {
        messageId
        hiddenReason
      }
      ... on BudgetExhausted {
        scope
        resumesAt
      }
      ... on NextSceneStarted {
        nextSceneId
        nextSceneSlug
      }
      ... on MemoryDeleted {
        memoryId
        characterId
      }
      ... on MemoryReset {
        characterId
      }
      ... on SceneSettingsChanged {
        pace
        tokenBudgetPerHour
      }
      ... on NarrationInjected {
        text
      }
      ... on ConversationStarted {
        startReason: reason
        characters {
          ...CharacterStateFields
        }
      }
    }
  }
`);

export const SceneListSubscription = graphql(`
  subscription SceneListChanges {
    scenes {
      sceneId
      status
      statusReason
      viewers
      epoch
    }
  }
`);
