import { graphql } from './generated';

/** Moderator operations (and `me`). Codegen reads this file; run `npm run codegen` after editing. */

export const MeQuery = graphql(`
  query Me {
    me {
      role
      clientId
    }
  }
`);

export const OidcSignInQuery = graphql(`
  query OidcSignIn {
    oidcSignIn {
      issuer
      clientId
    }
  }
`);

export const SceneBudgetQuery = graphql(`
  query SceneBudget($id: ID!) {
    scene(id: $id) {
      id
      status
      statusReason
      pace
      tokenBudgetPerHour
      tokensThisHour
    }
  }
`);

export const CostStatsQuery = graphql(`
  query CostStats {
    stats {
      estimatedCostUsd
      byModel {
        model
        turns
        promptTokens
        completionTokens
        estimatedCostUsd
      }
      byScene {
        sceneId
        estimatedCostUsd
      }
    }
  }
`);

export const PauseSceneMutation = graphql(`
  mutation PauseScene($input: SceneReasonInput!) {
    pauseScene(input: $input) {
      id
      status
      statusReason
    }
  }
`);

export const ResumeSceneMutation = graphql(`
  mutation ResumeScene($input: SceneIdInput!) {
    resumeScene(input: $input) {
      id
      status
      statusReason
    }
  }
`);

export const ResetSceneMutation = graphql(`
  mutation ResetScene($input: SceneIdInput!) {
    resetScene(input: $input) {
      id
      status
      epoch
    }
  }
`);

export const EndSceneMutation = graphql(`
  mutation EndScene($input: SceneReasonInput!) {
    endScene(input: $input) {
      id
      status
      statusReason
    }
  }
`);

export const StartNextSceneMutation = graphql(`
  mutation StartNextScene($input: SceneIdInput!) {
    startNextScene(input: $input) {
      id
      status
      epoch
    }
  }
`);

export const SetScenePaceMutation = graphql(`
  mutation SetScenePace($input: SetScenePaceInput!) {
    setScenePace(input: $input) {
      id
      pace
    }
  }
`);

export const SetSceneBudgetMutation = graphql(`
  mutation SetSceneBudget($input: SetSceneBudgetInput!) {
    setSceneBudget(input: $input) {
      id
      tokenBudgetPerHour
      tokensThisHour
    }
  }
`);

export const InjectNarrationMutation = graphql(`
  mutation InjectNarration($input: InjectNarrationInput!) {
    injectNarration(input: $input) {
      id
    }
  }
`);

export const HideMessageMutation = graphql(`
  mutation HideMessage($input: HideMessageInput!) {
    hideMessage(input: $input) {
      id
      hidden
      hiddenReason
    }
  }
`);

export const ApproveProposalMutation = graphql(`
  mutation ApproveProposal($input: ProposalDecisionInput!) {
    approveProposal(input: $input) {
      ...ProposalFields
    }
  }
`);

export const RejectProposalMutation = graphql(`
  mutation RejectProposal($input: ProposalDecisionInput!) {
    rejectProposal(input: $input) {
      ...ProposalFields
    }
  }
`);
