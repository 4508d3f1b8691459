import { graphql } from './generated';

/** The moderation log (moderators only). Codegen reads this file; run `npm run codegen` after editing. */
export const ModerationLogQuery = graphql(`
  query ModerationLog($first: Int, $after: String, $sceneId: ID) {
    moderationLog(first: $first, after: $after, sceneId: $sceneId) {
      nodes {
        id
        at
        moderator
        action
        sceneId
        proposalId
        messageId
        message {
          speakerName
          content
        }
        reason
        detail
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
