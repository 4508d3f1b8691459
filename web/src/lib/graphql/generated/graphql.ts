/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a character did in the room (the tool the model called). */
export type ActionKind =
  /** Gave the object it held (`objectId`) to someone (`targetId`). */
  | 'GIVE'
  /** Turned to look at someone (`targetId`). */
  | 'LOOK_AT'
  /** Picked up an object (`objectId`); its `holding` names it now. */
  | 'PICK_UP'
  /** Used an object (`objectId`) where it stands, or one it holds. */
  | 'USE'
  /** Walked to a spot (`spot`); the walk itself follows as `CharacterChanged` with `walk`. */
  | 'WALK_TO';

/** A held line to release. */
export type ApproveHeldLineInput = {
  /** Message id. */
  messageId: string | number;
};

/** What a character is doing right now. */
export type CharacterAction =
  /** Listening. */
  | 'IDLE'
  /** Saying a line; lasts `actionDurationMs`. */
  | 'SPEAKING'
  /** The model is writing this character's next line. */
  | 'THINKING'
  /** Walking to a spot in the room. */
  | 'WALKING';

/** A moderator's change to one proposed character's model settings, made when approving. */
export type CharacterSettingsInput = {
  /** The model: one of the server's PROPOSAL_MODELS or its default LLM_MODEL; null: the default; left out: keep the proposal's. */
  model?: string | null | undefined;
  /** The character's name in the proposal (case does not matter). */
  name: string;
  /** The temperature, within the server's PROPOSAL_TEMPERATURE_MIN..MAX; null: the default; left out: keep the proposal's. */
  temperature?: number | null | undefined;
};

/** A comment. */
export type CommentProposalInput = {
  /** Your name, 1–30 characters. */
  author: string;
  /** Proposal id. */
  proposalId: string | number;
  /** The comment, 1–300 characters. */
  text: string;
};

/** A memory to delete. */
export type DeleteMemoryInput = {
  /** Memory id. */
  memoryId: string | number;
};

/** The direction a character's sprite faces. */
export type Facing =
  /** Towards the viewer. */
  | 'down'
  /** Left. */
  | 'left'
  /** Right. */
  | 'right'
  /** Towards the back wall. */
  | 'up';

/** What happened to the review queue. */
export type HeldLineChangeKind =
  /** A moderator released a line: viewers get it now, at the end of the stream. */
  | 'APPROVED'
  /** The screen held a new line. */
  | 'HELD'
  /** A moderator hid a line for good. */
  | 'REJECTED';

/** A message to hide and why. */
export type HideMessageInput = {
  /** Message id. */
  messageId: string | number;
  /** Why, 1 to 200 characters (moderators see it). */
  reason: string;
};

/** A narrator line for a scene. */
export type InjectNarrationInput = {
  /** Scene id. */
  sceneId: string | number;
  /** The narration, 1 to 300 characters. */
  text: string;
};

/** Where a memory comes from. */
export type MemoryKind =
  /** Written by the character after a conversation. */
  | 'EPISODE'
  /** A summary of older memories, written when the store passed its bound. */
  | 'REFLECTION';

/** What a moderator did. */
export type ModerationActionType =
  /** The `approveHeldLine` mutation. */
  | 'APPROVE_HELD_LINE'
  /** The `approveProposal` mutation. */
  | 'APPROVE_PROPOSAL'
  /** The `createApiKey` mutation. */
  | 'CREATE_API_KEY'
  /** The `deleteMemory` mutation. */
  | 'DELETE_MEMORY'
  /** The `endScene` mutation. */
  | 'END_SCENE'
  /** The `hideMessage` mutation. */
  | 'HIDE_MESSAGE'
  /** The `injectNarration` mutation. */
  | 'INJECT_NARRATION'
  /** The `pauseScene` mutation. */
  | 'PAUSE_SCENE'
  /** The `rejectHeldLine` mutation. */
  | 'REJECT_HELD_LINE'
  /** The `rejectProposal` mutation. */
  | 'REJECT_PROPOSAL'
  /** The `resetCharacterMemory` mutation. */
  | 'RESET_CHARACTER_MEMORY'
  /** The `resetScene` mutation. */
  | 'RESET_SCENE'
  /** The `resumeScene` mutation. */
  | 'RESUME_SCENE'
  /** The `revokeApiKey` mutation. */
  | 'REVOKE_API_KEY'
  /** The `setBroadcastDelay` mutation. */
  | 'SET_BROADCAST_DELAY'
  /** The `setSceneBudget` mutation. */
  | 'SET_SCENE_BUDGET'
  /** The `setScenePace` mutation. */
  | 'SET_SCENE_PACE'
  /** The `startNextScene` mutation. */
  | 'START_NEXT_SCENE';

/** A moderator's decision on a proposal. */
export type ProposalDecisionInput = {
  /** approveProposal only: change characters' model and temperature (at most one entry per character). Approving an approved proposal again with this changes them. */
  characters?: Array<CharacterSettingsInput> | null | undefined;
  /** Proposal id. */
  proposalId: string | number;
  /** Why, up to 200 characters. */
  reason?: string | null | undefined;
};

/** Where a proposed scene is in its life. */
export type ProposalStatus =
  /** Approved: plays after a conversation ends, most votes first. */
  | 'APPROVED'
  /** Became a scene. */
  | 'PLAYED'
  /** Waiting for votes and a moderator's decision. */
  | 'PROPOSED'
  /** Rejected by a moderator. */
  | 'REJECTED';

/** A scene to propose. */
export type ProposeSceneInput = {
  /** 2 to 6 characters. */
  characters: Array<ProposedCharacterInput>;
  /** The situation, 10–500 characters. */
  description: string;
  /** Title, 3–60 characters. */
  name: string;
  /** Your name, 1–30 characters. */
  proposer: string;
  /** Room layout id; one is picked when left out. */
  room?: string | null | undefined;
};

/** A character for a proposed scene. */
export type ProposedCharacterInput = {
  /** What they look like, up to 200 characters. */
  appearance?: string | null | undefined;
  /** Sprite colour, #rrggbb. */
  colour: string;
  /** Model override: one of the server's PROPOSAL_MODELS (none by default, so leave it out); anything else is BAD_INPUT naming what is allowed. */
  model?: string | null | undefined;
  /** Name, 1–30 characters, unique in the scene. */
  name: string;
  /** Who they are, 10–500 characters. */
  persona: string;
  /** Temperature override within the server's range (PROPOSAL_TEMPERATURE_MIN..MAX, 0–1.2 by default). */
  temperature?: number | null | undefined;
};

/** A held line to hide for good. */
export type RejectHeldLineInput = {
  /** Message id. */
  messageId: string | number;
  /** Why, 1 to 200 characters (default: the screen's reasons). */
  reason?: string | null | undefined;
};

/** A character whose memory to reset. */
export type ResetCharacterMemoryInput = {
  /** Character id. */
  characterId: string | number;
};

/** What a client may do. */
export type Role =
  /** Everything a viewer can, plus steering scenes and deciding proposals. */
  | 'MODERATOR'
  /** Watch, propose, vote and comment. */
  | 'VIEWER';

/** Names a scene. */
export type SceneIdInput = {
  /** Scene id. */
  sceneId: string | number;
};

/** Names a scene, with an optional reason shown to viewers. */
export type SceneReasonInput = {
  /** Why (up to 200 characters). */
  reason?: string | null | undefined;
  /** Scene id. */
  sceneId: string | number;
};

/** Lifecycle of a scene's current conversation. */
export type SceneStatus =
  /** The conversation is over; the next one starts after a cooldown. */
  | 'ENDED'
  /** Stopped by a moderator: no model calls until resumed. */
  | 'PAUSED'
  /** Characters are talking (or waiting for a viewer to arrive). */
  | 'RUNNING';

/** A scene and its token budget. */
export type SetSceneBudgetInput = {
  /** Scene id. */
  sceneId: string | number;
  /** Tokens per window; null = the default from config. */
  tokensPerHour?: number | null | undefined;
};

/** A scene and its new pace. */
export type SetScenePaceInput = {
  /** Speed multiplier, 0.25 to 8. */
  pace: number;
  /** Scene id. */
  sceneId: string | number;
};

/** A vote. */
export type VoteProposalInput = {
  /** Proposal id. */
  proposalId: string | number;
  /** 1 or -1. */
  value: number;
};

export type HeldLinesQueryVariables = Exact<{
  sceneId?: string | number | null | undefined;
}>;


export type HeldLinesQuery = { heldLines: Array<{ reasons: Array<string>, heldAt: number, message: { id: string, turn: number, speakerName: string, recipientName: string | null, content: string, thoughts: string }, context: Array<{ id: string, turn: number, speakerName: string, content: string, hidden: boolean, held: boolean }> }> };

export type HeldLineChangedSubscriptionVariables = Exact<{
  sceneId?: string | number | null | undefined;
}>;


export type HeldLineChangedSubscription = { heldLineChanged: { sceneId: string, messageId: string, change: HeldLineChangeKind, heldCount: number } };

export type ApproveHeldLineMutationVariables = Exact<{
  input: ApproveHeldLineInput;
}>;


export type ApproveHeldLineMutation = { approveHeldLine: { id: string, hidden: boolean } };

export type RejectHeldLineMutationVariables = Exact<{
  input: RejectHeldLineInput;
}>;


export type RejectHeldLineMutation = { rejectHeldLine: { id: string, hidden: boolean, hiddenReason: string | null } };

export type DeleteMemoryMutationVariables = Exact<{
  input: DeleteMemoryInput;
}>;


export type DeleteMemoryMutation = { deleteMemory: { id: string } };

export type ResetCharacterMemoryMutationVariables = Exact<{
  input: ResetCharacterMemoryInput;
}>;


export type ResetCharacterMemoryMutation = { resetCharacterMemory: { id: string } };

export type ResetSceneForgettingMutationVariables = Exact<{
  input: SceneIdInput;
}>;


export type ResetSceneForgettingMutation = { resetScene: { id: string, status: SceneStatus, epoch: number } };

export type CharacterMemoriesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type CharacterMemoriesQuery = { scene: { id: string, characters: Array<{ id: string, memories: { totalCount: number, nodes: Array<{ id: string, text: string, importance: number, kind: MemoryKind, createdAt: number }> }, relationships: Array<{ otherId: string, otherName: string, otherColour: string, affinity: number, familiarity: number, view: string }> }> } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { role: Role, clientId: string | null } };

export type OidcSignInQueryVariables = Exact<{ [key: string]: never; }>;


export type OidcSignInQuery = { oidcSignIn: { issuer: string, clientId: string } | null };

export type SceneBudgetQueryVariables = Exact<{
  id: string | number;
}>;


export type SceneBudgetQuery = { scene: { id: string, status: SceneStatus, statusReason: string | null, pace: number, tokenBudgetPerHour: number, tokensThisHour: number } | null };

export type CostStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type CostStatsQuery = { stats: { estimatedCostUsd: number, byModel: Array<{ model: string, turns: number, promptTokens: number, completionTokens: number, estimatedCostUsd: number }>, byScene: Array<{ sceneId: string, estimatedCostUsd: number }> } };

export type PauseSceneMutationVariables = Exact<{
  input: SceneReasonInput;
}>;


export type PauseSceneMutation = { pauseScene: { id: string, status: SceneStatus, statusReason: string | null } };

export type ResumeSceneMutationVariables = Exact<{
  input: SceneIdInput;
}>;


export type ResumeSceneMutation = { resumeScene: { id: string, status: SceneStatus, statusReason: string | null } };

export type ResetSceneMutationVariables = Exact<{
  input: SceneIdInput;
}>;


export type ResetSceneMutation = { resetScene: { id: string, status: SceneStatus, epoch: number } };

export type EndSceneMutationVariables = Exact<{
  input: SceneReasonInput;
}>;


export type EndSceneMutation = { endScene: { id: string, status: SceneStatus, statusReason: string | null } };

export type StartNextSceneMutationVariables = Exact<{
  input: SceneIdInput;
}>;


export type StartNextSceneMutation = { startNextScene: { id: string, status: SceneStatus, epoch: number } };

export type SetScenePaceMutationVariables = Exact<{
  input: SetScenePaceInput;
}>;


export type SetScenePaceMutation = { setScenePace: { id: string, pace: number } };

export type SetSceneBudgetMutationVariables = Exact<{
  input: SetSceneBudgetInput;
}>;


export type SetSceneBudgetMutation = { setSceneBudget: { id: string, tokenBudgetPerHour: number, tokensThisHour: number } };

export type InjectNarrationMutationVariables = Exact<{
  input: InjectNarrationInput;
}>;


export type InjectNarrationMutation = { injectNarration: { id: string } };

export type HideMessageMutationVariables = Exact<{
  input: HideMessageInput;
}>;


export type HideMessageMutation = { hideMessage: { id: string, hidden: boolean, hiddenReason: string | null } };

export type ApproveProposalMutationVariables = Exact<{
  input: ProposalDecisionInput;
}>;


export type ApproveProposalMutation = { approveProposal: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } };

export type RejectProposalMutationVariables = Exact<{
  input: ProposalDecisionInput;
}>;


export type RejectProposalMutation = { rejectProposal: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } };

export type ModerationLogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  sceneId?: string | number | null | undefined;
}>;


export type ModerationLogQuery = { moderationLog: { nodes: Array<{ id: string, at: number, moderator: string, action: ModerationActionType, sceneId: string | null, proposalId: string | null, messageId: string | null, reason: string | null, detail: string | null, message: { speakerName: string, content: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CharacterStateFieldsFragment = { id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null, walk: { startedAt: number, durationMs: number, path: Array<{ x: number, y: number }> } | null };

export type MessageFieldsFragment = { id: string, epoch: number, turn: number, speakerId: string, speakerName: string, recipientId: string | null, recipientName: string | null, content: string, thoughts: string, mood: string, moodEmoji: string, reaction: string, rating: number, endConversation: boolean, moveTo: string | null, speakingMs: number, model: string, promptTokens: number, completionTokens: number, latencyMs: number, fallback: boolean, createdAt: number, hidden: boolean, hiddenReason: string | null };

type LineEventFields_BudgetExhausted_Fragment = { __typename: 'BudgetExhausted', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_CharacterActed_Fragment = { __typename: 'CharacterActed', characterId: string, objectId: string | null, targetId: string | null, description: string, emoji: string, seq: number, epoch: number, at: number, sceneId: string, actionKind: ActionKind, actionSpot: string | null };

type LineEventFields_CharacterChanged_Fragment = { __typename: 'CharacterChanged', seq: number, epoch: number, at: number, sceneId: string, character: { id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null } };

type LineEventFields_ConversationEnded_Fragment = { __typename: 'ConversationEnded', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_ConversationStarted_Fragment = { __typename: 'ConversationStarted', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_MemoryDeleted_Fragment = { __typename: 'MemoryDeleted', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_MemoryReset_Fragment = { __typename: 'MemoryReset', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_MessageHidden_Fragment = { __typename: 'MessageHidden', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_MessagePosted_Fragment = { __typename: 'MessagePosted', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_NarrationInjected_Fragment = { __typename: 'NarrationInjected', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_NextSceneStarted_Fragment = { __typename: 'NextSceneStarted', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_SceneSettingsChanged_Fragment = { __typename: 'SceneSettingsChanged', seq: number, epoch: number, at: number, sceneId: string };

type LineEventFields_SceneStatusChanged_Fragment = { __typename: 'SceneStatusChanged', seq: number, epoch: number, at: number, sceneId: string };

export type LineEventFieldsFragment =
  | LineEventFields_BudgetExhausted_Fragment
  | LineEventFields_CharacterActed_Fragment
  | LineEventFields_CharacterChanged_Fragment
  | LineEventFields_ConversationEnded_Fragment
  | LineEventFields_ConversationStarted_Fragment
  | LineEventFields_MemoryDeleted_Fragment
  | LineEventFields_MemoryReset_Fragment
  | LineEventFields_MessageHidden_Fragment
  | LineEventFields_MessagePosted_Fragment
  | LineEventFields_NarrationInjected_Fragment
  | LineEventFields_NextSceneStarted_Fragment
  | LineEventFields_SceneSettingsChanged_Fragment
  | LineEventFields_SceneStatusChanged_Fragment
;

export type SceneListQueryVariables = Exact<{ [key: string]: never; }>;


export type SceneListQuery = { scenes: Array<{ id: string, slug: string, name: string, description: string, status: SceneStatus, viewers: number, epoch: number, builtIn: boolean, nextConversationAt: number | null, room: { id: string, name: string, floor: string, wall: string }, characters: Array<{ id: string, name: string, colour: string, state: { action: CharacterAction } }> }> };

export type SceneDetailQueryVariables = Exact<{
  slug?: string | null | undefined;
  id?: string | number | null | undefined;
}>;


export type SceneDetailQuery = { scene: { id: string, slug: string, name: string, description: string, status: SceneStatus, statusReason: string | null, epoch: number, turn: number, lastSeq: number, viewers: number, pace: number, tokenBudgetPerHour: number, tokensThisHour: number, successorSceneId: string | null, startedAt: number, endedAt: number | null, nextConversationAt: number | null, room: { id: string, name: string, width: number, height: number, floor: string, wall: string, furniture: Array<{ kind: string, x: number, y: number, w: number, h: number }>, spots: Array<{ name: string, x: number, y: number }>, objects: Array<{ id: string, name: string, spot: string, x: number, y: number, usable: boolean, portable: boolean, emoji: string }> }, characters: Array<{ id: string, name: string, colour: string, persona: string, appearance: string, homeSpot: string, baseMood: string, baseMoodEmoji: string, messageCount: number, averageRating: number | null, state: { id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null, walk: { startedAt: number, durationMs: number, path: Array<{ x: number, y: number }> } | null } }>, conversations: Array<{ epoch: number, messageCount: number, startedAt: number | null, lastMessageAt: number | null }> } | null };

export type MessagesQueryVariables = Exact<{
  sceneId: string | number;
  epoch?: number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MessagesQuery = { messages: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, epoch: number, turn: number, speakerId: string, speakerName: string, recipientId: string | null, recipientName: string | null, content: string, thoughts: string, mood: string, moodEmoji: string, reaction: string, rating: number, endConversation: boolean, moveTo: string | null, speakingMs: number, model: string, promptTokens: number, completionTokens: number, latencyMs: number, fallback: boolean, createdAt: number, hidden: boolean, hiddenReason: string | null, lineEvents: Array<
        | { __typename: 'BudgetExhausted', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'CharacterActed', characterId: string, objectId: string | null, targetId: string | null, description: string, emoji: string, seq: number, epoch: number, at: number, sceneId: string, actionKind: ActionKind, actionSpot: string | null }
        | { __typename: 'CharacterChanged', seq: number, epoch: number, at: number, sceneId: string, character: { id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null } }
        | { __typename: 'ConversationEnded', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'ConversationStarted', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'MemoryDeleted', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'MemoryReset', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'MessageHidden', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'MessagePosted', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'NarrationInjected', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'NextSceneStarted', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'SceneSettingsChanged', seq: number, epoch: number, at: number, sceneId: string }
        | { __typename: 'SceneStatusChanged', seq: number, epoch: number, at: number, sceneId: string }
      > }> } };

export type StatsQueryVariables = Exact<{ [key: string]: never; }>;


export type StatsQuery = { stats: { turns: number, promptTokens: number, completionTokens: number, viewers: number, byModel: Array<{ model: string, turns: number, promptTokens: number, completionTokens: number, averageLatencyMs: number }>, byScene: Array<{ sceneId: string, turns: number, promptTokens: number, completionTokens: number }> } };

export type SceneEventsSubscriptionVariables = Exact<{
  sceneId: string | number;
  afterSeq?: number | null | undefined;
}>;


export type SceneEventsSubscription = { sceneEvents:
    | { __typename: 'BudgetExhausted', scope: string, resumesAt: number, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'CharacterActed', characterId: string, objectId: string | null, targetId: string | null, description: string, emoji: string, seq: number, epoch: number, at: number, airsAt: number, sceneId: string, actionKind: ActionKind, actionSpot: string | null }
    | { __typename: 'CharacterChanged', seq: number, epoch: number, at: number, airsAt: number, sceneId: string, character: { id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null, walk: { startedAt: number, durationMs: number, path: Array<{ x: number, y: number }> } | null } }
    | { __typename: 'ConversationEnded', nextConversationAt: number, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'ConversationStarted', seq: number, epoch: number, at: number, airsAt: number, sceneId: string, startReason: string, characters: Array<{ id: string, action: CharacterAction, actionStartedAt: number, actionDurationMs: number, mood: string, moodEmoji: string, spot: string, facing: Facing, endRequestedAt: number | null, holding: string | null, walk: { startedAt: number, durationMs: number, path: Array<{ x: number, y: number }> } | null }> }
    | { __typename: 'MemoryDeleted', memoryId: string, characterId: string, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'MemoryReset', characterId: string, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'MessageHidden', messageId: string, hiddenReason: string | null, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'MessagePosted', seq: number, epoch: number, at: number, airsAt: number, sceneId: string, message: { id: string, epoch: number, turn: number, speakerId: string, speakerName: string, recipientId: string | null, recipientName: string | null, content: string, thoughts: string, mood: string, moodEmoji: string, reaction: string, rating: number, endConversation: boolean, moveTo: string | null, speakingMs: number, model: string, promptTokens: number, completionTokens: number, latencyMs: number, fallback: boolean, createdAt: number, hidden: boolean, hiddenReason: string | null } }
    | { __typename: 'NarrationInjected', text: string, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'NextSceneStarted', nextSceneId: string, nextSceneSlug: string, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'SceneSettingsChanged', pace: number, tokenBudgetPerHour: number | null, seq: number, epoch: number, at: number, airsAt: number, sceneId: string }
    | { __typename: 'SceneStatusChanged', status: SceneStatus, seq: number, epoch: number, at: number, airsAt: number, sceneId: string, statusReason: string | null }
   };

export type SceneListChangesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type SceneListChangesSubscription = { scenes: { sceneId: string, status: SceneStatus | null, statusReason: string | null, viewers: number | null, epoch: number | null } };

export type ProposalFieldsFragment = { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> };

export type ProposalsQueryVariables = Exact<{
  status?: ProposalStatus | null | undefined;
}>;


export type ProposalsQuery = { proposals: Array<{ id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> }> };

export type ProposalChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ProposalChangedSubscription = { proposalChanged: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } | null };

export type ProposeSceneMutationVariables = Exact<{
  input: ProposeSceneInput;
}>;


export type ProposeSceneMutation = { proposeScene: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } };

export type VoteProposalMutationVariables = Exact<{
  input: VoteProposalInput;
}>;


export type VoteProposalMutation = { voteProposal: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } };

export type CommentProposalMutationVariables = Exact<{
  input: CommentProposalInput;
}>;


export type CommentProposalMutation = { commentProposal: { id: string, name: string, description: string, proposer: string, room: string, score: number, myVote: number | null, status: ProposalStatus, decisionReason: string | null, playedSceneId: string | null, createdAt: number, characters: Array<{ name: string, colour: string, persona: string, appearance: string }>, comments: Array<{ id: string, author: string, text: string, createdAt: number }> } };

export type StartViewerSessionMutationVariables = Exact<{ [key: string]: never; }>;


export type StartViewerSessionMutation = { startViewerSession: { token: string } };

export const CharacterStateFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CharacterStateFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterState"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actionDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"facing"}},{"kind":"Field","name":{"kind":"Name","value":"endRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"holding"}},{"kind":"Field","name":{"kind":"Name","value":"walk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}}]} as unknown as DocumentNode<CharacterStateFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"speakerId"}},{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"recipientId"}},{"kind":"Field","name":{"kind":"Name","value":"recipientName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"thoughts"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"reaction"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"endConversation"}},{"kind":"Field","name":{"kind":"Name","value":"moveTo"}},{"kind":"Field","name":{"kind":"Name","value":"speakingMs"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"fallback"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}}]} as unknown as DocumentNode<MessageFieldsFragment, unknown>;
export const LineEventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LineEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SceneEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"character"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actionDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"facing"}},{"kind":"Field","name":{"kind":"Name","value":"endRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"holding"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterActed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"characterId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionKind"},"name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"objectId"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionSpot"},"name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"emoji"}}]}}]}}]} as unknown as DocumentNode<LineEventFieldsFragment, unknown>;
export const ProposalFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ProposalFieldsFragment, unknown>;
export const HeldLinesDocument = {"__meta__":{"hash":"sha256:029324be90327db249d08ca1ce93ef2993d40f0a8ec4ac493fdbf0fc040f1329"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HeldLines"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"heldLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sceneId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reasons"}},{"kind":"Field","name":{"kind":"Name","value":"heldAt"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"recipientName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"thoughts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"context"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"held"}}]}}]}}]}}]} as unknown as DocumentNode<HeldLinesQuery, HeldLinesQueryVariables>;
export const HeldLineChangedDocument = {"__meta__":{"hash":"sha256:f9631a79e07c01465eb66805101918f504a524f7a4d4782d952bb2d9f2c85552"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HeldLineChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"heldLineChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sceneId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"change"}},{"kind":"Field","name":{"kind":"Name","value":"heldCount"}}]}}]}}]} as unknown as DocumentNode<HeldLineChangedSubscription, HeldLineChangedSubscriptionVariables>;
export const ApproveHeldLineDocument = {"__meta__":{"hash":"sha256:78c2bd6d2dd20b5082bbe9f3982091a09c5ef66ce924553c35aef7a81412ebdc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveHeldLine"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApproveHeldLineInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveHeldLine"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}}]}}]}}]} as unknown as DocumentNode<ApproveHeldLineMutation, ApproveHeldLineMutationVariables>;
export const RejectHeldLineDocument = {"__meta__":{"hash":"sha256:f397ce3683e55ac0194e3c4c1952f0c65c80fb0dfbdbefe4d469df8d5bd787f8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectHeldLine"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RejectHeldLineInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectHeldLine"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}}]}}]} as unknown as DocumentNode<RejectHeldLineMutation, RejectHeldLineMutationVariables>;
export const DeleteMemoryDocument = {"__meta__":{"hash":"sha256:8ead3bc13bd07588823f0d7cdfb5497d7added0272be821a9983f50cec052e79"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteMemory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteMemoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteMemory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<DeleteMemoryMutation, DeleteMemoryMutationVariables>;
export const ResetCharacterMemoryDocument = {"__meta__":{"hash":"sha256:84aa2bedf2265ea5d30d7788954f0c8a31f6a4697f100a4df03f4775b082ec70"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetCharacterMemory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResetCharacterMemoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetCharacterMemory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ResetCharacterMemoryMutation, ResetCharacterMemoryMutationVariables>;
export const ResetSceneForgettingDocument = {"__meta__":{"hash":"sha256:ca44308de9dfce288663367a870240118e084ea8173d50f6390732f2eb9c75b1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetSceneForgetting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"keepMemories"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}}]}}]}}]} as unknown as DocumentNode<ResetSceneForgettingMutation, ResetSceneForgettingMutationVariables>;
export const CharacterMemoriesDocument = {"__meta__":{"hash":"sha256:d1c7ce6a7c1247d10657495c137135979ed271fa387cf05879a61ae6ff10b690"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CharacterMemories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"memories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"importance"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"otherId"}},{"kind":"Field","name":{"kind":"Name","value":"otherName"}},{"kind":"Field","name":{"kind":"Name","value":"otherColour"}},{"kind":"Field","name":{"kind":"Name","value":"affinity"}},{"kind":"Field","name":{"kind":"Name","value":"familiarity"}},{"kind":"Field","name":{"kind":"Name","value":"view"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CharacterMemoriesQuery, CharacterMemoriesQueryVariables>;
export const MeDocument = {"__meta__":{"hash":"sha256:309bab92c1285c07bfb941554128a64c258b4474e892bcc67a6de7005bef8f1f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const OidcSignInDocument = {"__meta__":{"hash":"sha256:c7752ca1634e2c84978f54b072ada9bbb4e6d2840a5a102005acd62586016a4d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OidcSignIn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oidcSignIn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}}]}}]}}]} as unknown as DocumentNode<OidcSignInQuery, OidcSignInQueryVariables>;
export const SceneBudgetDocument = {"__meta__":{"hash":"sha256:35ef7527686bb71c9947956da1869a60923c149513bb2858ca4d085dfc07849e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SceneBudget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"pace"}},{"kind":"Field","name":{"kind":"Name","value":"tokenBudgetPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"tokensThisHour"}}]}}]}}]} as unknown as DocumentNode<SceneBudgetQuery, SceneBudgetQueryVariables>;
export const CostStatsDocument = {"__meta__":{"hash":"sha256:d14ac31d07864f91000bb37306bd1e0132c6d01d1ff9600fb5b6940150501cbf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CostStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimatedCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"byModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"turns"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCostUsd"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byScene"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCostUsd"}}]}}]}}]}}]} as unknown as DocumentNode<CostStatsQuery, CostStatsQueryVariables>;
export const PauseSceneDocument = {"__meta__":{"hash":"sha256:4f0e0f10d4f0bb2f336919e34496b38f596afd669159787e947f36c0bd33dbdc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PauseScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneReasonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}}]}}]}}]} as unknown as DocumentNode<PauseSceneMutation, PauseSceneMutationVariables>;
export const ResumeSceneDocument = {"__meta__":{"hash":"sha256:49a7f750c72b5678d025c9f1aa1e19cc207d8d21f5d2dc9958bc4264fb9b72ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResumeScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}}]}}]}}]} as unknown as DocumentNode<ResumeSceneMutation, ResumeSceneMutationVariables>;
export const ResetSceneDocument = {"__meta__":{"hash":"sha256:2ca7610f805f2221f3c8143e8bf79c8cf92df37a5ba505f58d65e96b41ada9a4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}}]}}]}}]} as unknown as DocumentNode<ResetSceneMutation, ResetSceneMutationVariables>;
export const EndSceneDocument = {"__meta__":{"hash":"sha256:102520df7e5dd1ee971d85cb24227b5474d115c75b1902d0f9bd02cd14289ef8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneReasonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}}]}}]}}]} as unknown as DocumentNode<EndSceneMutation, EndSceneMutationVariables>;
export const StartNextSceneDocument = {"__meta__":{"hash":"sha256:58e31094ed1428ecf0c3274dbcb4b48fb4492cd340b3d21d0a5d25b64d769080"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartNextScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startNextScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}}]}}]}}]} as unknown as DocumentNode<StartNextSceneMutation, StartNextSceneMutationVariables>;
export const SetScenePaceDocument = {"__meta__":{"hash":"sha256:14579289f61d6f09f4db7f7c4ee2c86a70038905ca2c831573f0b56ac24fdef2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetScenePace"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetScenePaceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setScenePace"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"pace"}}]}}]}}]} as unknown as DocumentNode<SetScenePaceMutation, SetScenePaceMutationVariables>;
export const SetSceneBudgetDocument = {"__meta__":{"hash":"sha256:1e68e3323cbaefbcdcad1744085e6f0159d08feee5f2991ab7c9174a2c9e7602"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetSceneBudget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetSceneBudgetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setSceneBudget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tokenBudgetPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"tokensThisHour"}}]}}]}}]} as unknown as DocumentNode<SetSceneBudgetMutation, SetSceneBudgetMutationVariables>;
export const InjectNarrationDocument = {"__meta__":{"hash":"sha256:4ca5302b6233223a98510b342782448c8692b22ecd064ff46292e65e03e84303"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InjectNarration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InjectNarrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"injectNarration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<InjectNarrationMutation, InjectNarrationMutationVariables>;
export const HideMessageDocument = {"__meta__":{"hash":"sha256:3947b7fbdc8b97cd6123e49f1046ce586ce5b95bd8ed0baba7fceafc7017aa7c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HideMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HideMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hideMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}}]}}]} as unknown as DocumentNode<HideMessageMutation, HideMessageMutationVariables>;
export const ApproveProposalDocument = {"__meta__":{"hash":"sha256:b2047ed87587d12790a35bb78c5af733467e7cc48a39eab8de7a87caae61af98"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveProposal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProposalDecisionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveProposal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ApproveProposalMutation, ApproveProposalMutationVariables>;
export const RejectProposalDocument = {"__meta__":{"hash":"sha256:a43c64b208b7705b0e29d745779e3230b76df774f61c7f29554b93cb968e3d87"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectProposal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProposalDecisionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectProposal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<RejectProposalMutation, RejectProposalMutationVariables>;
export const ModerationLogDocument = {"__meta__":{"hash":"sha256:4ff85f38da91e38c316928647a1bdaad27280a463c378b65799cbd7ccf2eea12"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModerationLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moderationLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"sceneId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"moderator"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"Field","name":{"kind":"Name","value":"proposalId"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ModerationLogQuery, ModerationLogQueryVariables>;
export const SceneListDocument = {"__meta__":{"hash":"sha256:17d9af0b99456ce2b6e1a15ce5558967aca0f5a628998e6241d0782acca42630"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SceneList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scenes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"viewers"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"nextConversationAt"}},{"kind":"Field","name":{"kind":"Name","value":"room"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"floor"}},{"kind":"Field","name":{"kind":"Name","value":"wall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SceneListQuery, SceneListQueryVariables>;
export const SceneDetailDocument = {"__meta__":{"hash":"sha256:4d1a8c96be7fa430b143f55d901be2da44473813785be102b64678ab2eca5214"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SceneDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"slug"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"slug"},"value":{"kind":"Variable","name":{"kind":"Name","value":"slug"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"viewers"}},{"kind":"Field","name":{"kind":"Name","value":"pace"}},{"kind":"Field","name":{"kind":"Name","value":"tokenBudgetPerHour"}},{"kind":"Field","name":{"kind":"Name","value":"tokensThisHour"}},{"kind":"Field","name":{"kind":"Name","value":"successorSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextConversationAt"}},{"kind":"Field","name":{"kind":"Name","value":"room"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"floor"}},{"kind":"Field","name":{"kind":"Name","value":"wall"}},{"kind":"Field","name":{"kind":"Name","value":"furniture"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"w"}},{"kind":"Field","name":{"kind":"Name","value":"h"}}]}},{"kind":"Field","name":{"kind":"Name","value":"spots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}}]}},{"kind":"Field","name":{"kind":"Name","value":"objects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"usable"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"emoji"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}},{"kind":"Field","name":{"kind":"Name","value":"homeSpot"}},{"kind":"Field","name":{"kind":"Name","value":"baseMood"}},{"kind":"Field","name":{"kind":"Name","value":"baseMoodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"averageRating"}},{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CharacterStateFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"conversations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessageAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CharacterStateFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterState"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actionDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"facing"}},{"kind":"Field","name":{"kind":"Name","value":"endRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"holding"}},{"kind":"Field","name":{"kind":"Name","value":"walk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}}]} as unknown as DocumentNode<SceneDetailQuery, SceneDetailQueryVariables>;
export const MessagesDocument = {"__meta__":{"hash":"sha256:f8da5e82c6c7430d5ab02c1ddddd6faaf43cbfc09e9fa806933f4a4e5581f30b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Messages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"epoch"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sceneId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}}},{"kind":"Argument","name":{"kind":"Name","value":"epoch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"epoch"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}},{"kind":"Field","name":{"kind":"Name","value":"lineEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LineEventFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"speakerId"}},{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"recipientId"}},{"kind":"Field","name":{"kind":"Name","value":"recipientName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"thoughts"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"reaction"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"endConversation"}},{"kind":"Field","name":{"kind":"Name","value":"moveTo"}},{"kind":"Field","name":{"kind":"Name","value":"speakingMs"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"fallback"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LineEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SceneEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"character"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actionDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"facing"}},{"kind":"Field","name":{"kind":"Name","value":"endRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"holding"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterActed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"characterId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionKind"},"name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"objectId"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionSpot"},"name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"emoji"}}]}}]}}]} as unknown as DocumentNode<MessagesQuery, MessagesQueryVariables>;
export const StatsDocument = {"__meta__":{"hash":"sha256:dc3acf8537bff8b188ef356aa69d86aaedcc0f040c7f7369ad87d319cfb8730b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"turns"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"viewers"}},{"kind":"Field","name":{"kind":"Name","value":"byModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"turns"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"averageLatencyMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byScene"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"Field","name":{"kind":"Name","value":"turns"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]}}]} as unknown as DocumentNode<StatsQuery, StatsQueryVariables>;
export const SceneEventsDocument = {"__meta__":{"hash":"sha256:456ba2345484481773fa6f37e7a36e0e9047b863659d74340f742af926287073"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SceneEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterSeq"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sceneId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sceneId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterSeq"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterSeq"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"airsAt"}},{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"character"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CharacterStateFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessagePosted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterActed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"characterId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionKind"},"name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"objectId"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","alias":{"kind":"Name","value":"actionSpot"},"name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"emoji"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SceneStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","alias":{"kind":"Name","value":"statusReason"},"name":{"kind":"Name","value":"reason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationEnded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nextConversationAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageHidden"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BudgetExhausted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"resumesAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NextSceneStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nextSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"nextSceneSlug"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MemoryDeleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memoryId"}},{"kind":"Field","name":{"kind":"Name","value":"characterId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MemoryReset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"characterId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SceneSettingsChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pace"}},{"kind":"Field","name":{"kind":"Name","value":"tokenBudgetPerHour"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NarrationInjected"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationStarted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"startReason"},"name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CharacterStateFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CharacterStateFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CharacterState"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"actionStartedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actionDurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"spot"}},{"kind":"Field","name":{"kind":"Name","value":"facing"}},{"kind":"Field","name":{"kind":"Name","value":"endRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"holding"}},{"kind":"Field","name":{"kind":"Name","value":"walk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}}]}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"turn"}},{"kind":"Field","name":{"kind":"Name","value":"speakerId"}},{"kind":"Field","name":{"kind":"Name","value":"speakerName"}},{"kind":"Field","name":{"kind":"Name","value":"recipientId"}},{"kind":"Field","name":{"kind":"Name","value":"recipientName"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"thoughts"}},{"kind":"Field","name":{"kind":"Name","value":"mood"}},{"kind":"Field","name":{"kind":"Name","value":"moodEmoji"}},{"kind":"Field","name":{"kind":"Name","value":"reaction"}},{"kind":"Field","name":{"kind":"Name","value":"rating"}},{"kind":"Field","name":{"kind":"Name","value":"endConversation"}},{"kind":"Field","name":{"kind":"Name","value":"moveTo"}},{"kind":"Field","name":{"kind":"Name","value":"speakingMs"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"fallback"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"hiddenReason"}}]}}]} as unknown as DocumentNode<SceneEventsSubscription, SceneEventsSubscriptionVariables>;
export const SceneListChangesDocument = {"__meta__":{"hash":"sha256:c4f1fbaf6b529d7249fc9d1f6e440e678022ea2e3dc3e3cf4053fd6899a4b7db"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SceneListChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scenes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"viewers"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}}]}}]}}]} as unknown as DocumentNode<SceneListChangesSubscription, SceneListChangesSubscriptionVariables>;
export const ProposalsDocument = {"__meta__":{"hash":"sha256:f768cf5e2e2d5731a7c924027fa3041d94dc3fa7f32e441cec74496bc3c43f92"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Proposals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProposalStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"proposals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ProposalsQuery, ProposalsQueryVariables>;
export const ProposalChangedDocument = {"__meta__":{"hash":"sha256:f5d8742b9b84a5594317cbeb8e044e7f109bb305348dc4a495b9af875a4cb4ed"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ProposalChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"proposalChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ProposalChangedSubscription, ProposalChangedSubscriptionVariables>;
export const ProposeSceneDocument = {"__meta__":{"hash":"sha256:c00da483df4ca8d2a6550a468abc3892209c42223ed3ed2cf4fda8d3b5db65ec"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProposeScene"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProposeSceneInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"proposeScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ProposeSceneMutation, ProposeSceneMutationVariables>;
export const VoteProposalDocument = {"__meta__":{"hash":"sha256:00abf5e742a685d7e45fa95640390a24f7eb7ef09fcf29634980682eb10dd761"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VoteProposal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"VoteProposalInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"voteProposal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<VoteProposalMutation, VoteProposalMutationVariables>;
export const CommentProposalDocument = {"__meta__":{"hash":"sha256:959ebcced6dfb31f7dd70f8eb4d702358f93b9b7179a506b015f2dc51ae6c3ea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CommentProposal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommentProposalInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commentProposal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProposalFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProposalFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Proposal"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"proposer"}},{"kind":"Field","name":{"kind":"Name","value":"room"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"myVote"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"playedSceneId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"characters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"colour"}},{"kind":"Field","name":{"kind":"Name","value":"persona"}},{"kind":"Field","name":{"kind":"Name","value":"appearance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<CommentProposalMutation, CommentProposalMutationVariables>;
export const StartViewerSessionDocument = {"__meta__":{"hash":"sha256:0d73268c6bd2dd9bb929163d1eea658053ef40a9584a0e7e8ab629bee208364c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartViewerSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startViewerSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<StartViewerSessionMutation, StartViewerSessionMutationVariables>;