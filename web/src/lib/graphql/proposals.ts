import { graphql } from './generated';

/** Proposal operations (everyone may propose, vote and comment). Run `npm run codegen` after editing. */

export const ProposalFields = graphql(`
  fragment ProposalFields on Proposal {
    id
    name
    description
    proposer
    room
    score
    myVote
    status
    decisionReason
    playedSceneId
    createdAt
    characters {
      name
      colour
      persona
      appearance
    }
    comments {
      id
      author
      text
      createdAt
    }
  }
`);

export const ProposalsQuery = graphql(`
  query Proposals($status: ProposalStatus) {
    proposals(status: $status) {
      ...ProposalFields
    }
  }
`);

export const ProposalChangedSubscription = graphql(`
  subscription ProposalChanged {
    proposalChanged {
      ...ProposalFields
    }
  }
`);

export const ProposeSceneMutation = graphql(`
  mutation ProposeScene($input: ProposeSceneInput!) {
    proposeScene(input: $input) {
      ...ProposalFields
    }
  }
`);

export const VoteProposalMutation = graphql(`
  mutation VoteProposal($input: VoteProposalInput!) {
    voteProposal(input: $input) {
      ...ProposalFields
    }
  }
`);

export const CommentProposalMutation = graphql(`
  mutation CommentProposal($input: CommentProposalInput!) {
    commentProposal(input: $input) {
      ...ProposalFields
    }
  }
`);

export const StartViewerSessionMutation = graphql(`
  mutation StartViewerSession {
    startViewerSession {
      token
    }
  }
`);
