import { graphql } from './generated';

/** What each character of a scene remembers (the newest few) and how it sees the others. */
export const CharacterMemoriesQuery = graphql(`
  query CharacterMemories($id: ID!, $first: Int) {
    scene(id: $id) {
      id
      characters {
        id
        memories(first: $first) {
          totalCount
          nodes {
            id
            text
            importance
            kind
            createdAt
          }
        }
        relationships {
          otherId
          otherName
          otherColour
          affinity
          familiarity
          view
        }
      }
    }
  }
`);
