import { graphql } from './generated';

/** The review queue of held lines and the memory controls (moderators only). Run `npm run codegen` after editing. */

export const HeldLinesQuery = graphql(`
  query HeldLines($sceneId: ID) {
    heldLines(sceneId: $sceneId) {
      reasons
      heldAt
      message {
        id
        turn
        speakerName
        recipientName
        content
        thoughts
      }
      context {
        id
        turn
        speakerName
        content
        hidden
        held
      }
    }
  }
`);

export const HeldLineChangedSubscription = graphql(`
  subscription HeldLineChanged($sceneId: ID) {
    heldLineChanged(sceneId: $sceneId) {
      sceneId
      messageId
      change
      heldCount
    }
  }
`);

export const ApproveHeldLineMutation = graphql(`
  mutation ApproveHeldLine($input: ApproveHeldLineInput!) {
    approveHeldLine(input: $input) {
      id
      hidden
    }
  }
`);

export const RejectHeldLineMutation = graphql(`
  mutation RejectHeldLine($input: RejectHeldLineInput!) {
    rejectHeldLine(input: $input) {
      id
      hidden
      hiddenReason
    }
  }
`);

export const DeleteMemoryMutation = graphql(`
  mutation DeleteMemory($input: DeleteMemoryInput!) {
    deleteMemory(input: $input) {
      id
    }
  }
`);

export const ResetCharacterMemoryMutation = graphql(`
  mutation ResetCharacterMemory($input: ResetCharacterMemoryInput!) {
    resetCharacterMemory(input: $input) {
      id
    }
  }
`);

export const ResetSceneForgettingMutation = graphql(`
  mutation ResetSceneForgetting($input: SceneIdInput!) {
    resetScene(input: $input, keepMemories: false) {
      id
      status
      epoch
    }
  }
`);
