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
    "\n  query HeldLines($sceneId: ID) {\n    heldLines(sceneId: $sceneId) {\n      reasons\n      heldAt\n      message {\n        id\n        turn\n        speakerName\n        recipientName\n        content\n        thoughts\n      }\n      context {\n        id\n        turn\n        speakerName\n        content\n        hidden\n        held\n      }\n    }\n  }\n": typeof types.HeldLinesDocument,
    "\n  subscription HeldLineChanged($sceneId: ID) {\n    heldLineChanged(sceneId: $sceneId) {\n      sceneId\n      messageId\n      change\n      heldCount\n    }\n  }\n": typeof types.HeldLineChangedDocument,
    "\n  mutation ApproveHeldLine($input: ApproveHeldLineInput!) {\n    approveHeldLine(input: $input) {\n      id\n      hidden\n    }\n  }\n": typeof types.ApproveHeldLineDocument,
    "\n  mutation RejectHeldLine($input: RejectHeldLineInput!) {\n    rejectHeldLine(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n": typeof types.RejectHeldLineDocument,
    "\n  mutation DeleteMemory($input: DeleteMemoryInput!) {\n    deleteMemory(input: $input) {\n      id\n    }\n  }\n": typeof types.DeleteMemoryDocument,
    "\n  mutation ResetCharacterMemory($input: ResetCharacterMemoryInput!) {\n    resetCharacterMemory(input: $input) {\n      id\n    }\n  }\n": typeof types.ResetCharacterMemoryDocument,
    "\n  mutation ResetSceneForgetting($input: SceneIdInput!) {\n    resetScene(input: $input, keepMemories: false) {\n      id\n      status\n      epoch\n    }\n  }\n": typeof types.ResetSceneForgettingDocument,
    "\n  query CharacterMemories($id: ID!, $first: Int) {\n    scene(id: $id) {\n      id\n      characters {\n        id\n        memories(first: $first) {\n          totalCount\n          nodes {\n            id\n            text\n            importance\n            kind\n            createdAt\n          }\n        }\n        relationships {\n          otherId\n          otherName\n          otherColour\n          affinity\n          familiarity\n          view\n        }\n      }\n    }\n  }\n": typeof types.CharacterMemoriesDocument,
    "\n  query Me {\n    me {\n      role\n      clientId\n    }\n  }\n": typeof types.MeDocument,
    "\n  query OidcSignIn {\n    oidcSignIn {\n      issuer\n      clientId\n    }\n  }\n": typeof types.OidcSignInDocument,
    "\n  query SceneBudget($id: ID!) {\n    scene(id: $id) {\n      id\n      status\n      statusReason\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n": typeof types.SceneBudgetDocument,
    "\n  query CostStats {\n    stats {\n      estimatedCostUsd\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n      byScene {\n        sceneId\n        estimatedCostUsd\n      }\n    }\n  }\n": typeof types.CostStatsDocument,
    "\n  mutation PauseScene($input: SceneReasonInput!) {\n    pauseScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": typeof types.PauseSceneDocument,
    "\n  mutation ResumeScene($input: SceneIdInput!) {\n    resumeScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": typeof types.ResumeSceneDocument,
    "\n  mutation ResetScene($input: SceneIdInput!) {\n    resetScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n": typeof types.ResetSceneDocument,
    "\n  mutation EndScene($input: SceneReasonInput!) {\n    endScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": typeof types.EndSceneDocument,
    "\n  mutation StartNextScene($input: SceneIdInput!) {\n    startNextScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n": typeof types.StartNextSceneDocument,
    "\n  mutation SetScenePace($input: SetScenePaceInput!) {\n    setScenePace(input: $input) {\n      id\n      pace\n    }\n  }\n": typeof types.SetScenePaceDocument,
    "\n  mutation SetSceneBudget($input: SetSceneBudgetInput!) {\n    setSceneBudget(input: $input) {\n      id\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n": typeof types.SetSceneBudgetDocument,
    "\n  mutation InjectNarration($input: InjectNarrationInput!) {\n    injectNarration(input: $input) {\n      id\n    }\n  }\n": typeof types.InjectNarrationDocument,
    "\n  mutation HideMessage($input: HideMessageInput!) {\n    hideMessage(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n": typeof types.HideMessageDocument,
    "\n  mutation ApproveProposal($input: ProposalDecisionInput!) {\n    approveProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": typeof types.ApproveProposalDocument,
    "\n  mutation RejectProposal($input: ProposalDecisionInput!) {\n    rejectProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": typeof types.RejectProposalDocument,
    "\n  query ModerationLog($first: Int, $after: String, $sceneId: ID) {\n    moderationLog(first: $first, after: $after, sceneId: $sceneId) {\n      nodes {\n        id\n        at\n        moderator\n        action\n        sceneId\n        proposalId\n        messageId\n        message {\n          speakerName\n          content\n        }\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ModerationLogDocument,
    "\n  fragment CharacterStateFields on CharacterState {\n    id\n    action\n    actionStartedAt\n    actionDurationMs\n    mood\n    moodEmoji\n    spot\n    facing\n    endRequestedAt\n    holding\n    walk {\n      path {\n        x\n        y\n      }\n      startedAt\n      durationMs\n    }\n  }\n": typeof types.CharacterStateFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    epoch\n    turn\n    speakerId\n    speakerName\n    recipientId\n    recipientName\n    content\n    thoughts\n    mood\n    moodEmoji\n    reaction\n    rating\n    endConversation\n    moveTo\n    speakingMs\n    model\n    promptTokens\n    completionTokens\n    latencyMs\n    fallback\n    createdAt\n    hidden\n    hiddenReason\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment LineEventFields on SceneEvent {\n    __typename\n    seq\n    epoch\n    at\n    sceneId\n    ... on CharacterChanged {\n      character {\n        id\n        action\n        actionStartedAt\n        actionDurationMs\n        mood\n        moodEmoji\n        spot\n        facing\n        endRequestedAt\n        holding\n      }\n    }\n    ... on CharacterActed {\n      characterId\n      actionKind: action\n      objectId\n      targetId\n      actionSpot: spot\n      description\n      emoji\n    }\n  }\n": typeof types.LineEventFieldsFragmentDoc,
    "\n  query SceneList {\n    scenes {\n      id\n      slug\n      name\n      description\n      status\n      viewers\n      epoch\n      builtIn\n      nextConversationAt\n      room {\n        id\n        name\n        floor\n        wall\n      }\n      characters {\n        id\n        name\n        colour\n        state {\n          action\n        }\n      }\n    }\n  }\n": typeof types.SceneListDocument,
    "\n  query SceneDetail($slug: String, $id: ID) {\n    scene(slug: $slug, id: $id) {\n      id\n      slug\n      name\n      description\n      status\n      statusReason\n      epoch\n      turn\n      lastSeq\n      viewers\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n      successorSceneId\n      startedAt\n      endedAt\n      nextConversationAt\n      room {\n        id\n        name\n        width\n        height\n        floor\n        wall\n        furniture {\n          kind\n          x\n          y\n          w\n          h\n        }\n        spots {\n          name\n          x\n          y\n        }\n        objects {\n          id\n          name\n          spot\n          x\n          y\n          usable\n          portable\n          emoji\n        }\n      }\n      characters {\n        id\n        name\n        colour\n        persona\n        appearance\n        homeSpot\n        baseMood\n        baseMoodEmoji\n        messageCount\n        averageRating\n        state {\n          ...CharacterStateFields\n        }\n      }\n      conversations {\n        epoch\n        messageCount\n        startedAt\n        lastMessageAt\n      }\n    }\n  }\n": typeof types.SceneDetailDocument,
    "\n  query Messages($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {\n    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...MessageFields\n        lineEvents {\n          ...LineEventFields\n        }\n      }\n    }\n  }\n": typeof types.MessagesDocument,
    "\n  query Stats {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      viewers\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        averageLatencyMs\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n": typeof types.StatsDocument,
    "\n  subscription SceneEvents($sceneId: ID!, $afterSeq: Int) {\n    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      epoch\n      at\n      airsAt\n      sceneId\n      ... on CharacterChanged {\n        character {\n          ...CharacterStateFields\n        }\n      }\n      ... on MessagePosted {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on CharacterActed {\n        characterId\n        actionKind: action\n        objectId\n        targetId\n        actionSpot: spot\n        description\n        emoji\n      }\n      ... on SceneStatusChanged {\n        status\n        statusReason: reason\n      }\n      ... on ConversationEnded {\n        nextConversationAt\n      }\n      ... on MessageHidden {\n        messageId\n        hiddenReason\n      }\n      ... on BudgetExhausted {\n        scope\n        resumesAt\n      }\n      ... on NextSceneStarted {\n        nextSceneId\n        nextSceneSlug\n      }\n      ... on MemoryDeleted {\n        memoryId\n        characterId\n      }\n      ... on MemoryReset {\n        characterId\n      }\n      ... on SceneSettingsChanged {\n        pace\n        tokenBudgetPerHour\n      }\n      ... on NarrationInjected {\n        text\n      }\n      ... on ConversationStarted {\n        startReason: reason\n        characters {\n          ...CharacterStateFields\n        }\n      }\n    }\n  }\n": typeof types.SceneEventsDocument,
    "\n  subscription SceneListChanges {\n    scenes {\n      sceneId\n      status\n      statusReason\n      viewers\n      epoch\n    }\n  }\n": typeof types.SceneListChangesDocument,
    "\n  fragment ProposalFields on Proposal {\n    id\n    name\n    description\n    proposer\n    room\n    score\n    myVote\n    status\n    decisionReason\n    playedSceneId\n    createdAt\n    characters {\n      name\n      colour\n      persona\n      appearance\n    }\n    comments {\n      id\n      author\n      text\n      createdAt\n    }\n  }\n": typeof types.ProposalFieldsFragmentDoc,
    "\n  query Proposals($status: ProposalStatus) {\n    proposals(status: $status) {\n      ...ProposalFields\n    }\n  }\n": typeof types.ProposalsDocument,
    "\n  subscription ProposalChanged {\n    proposalChanged {\n      ...ProposalFields\n    }\n  }\n": typeof types.ProposalChangedDocument,
    "\n  mutation ProposeScene($input: ProposeSceneInput!) {\n    proposeScene(input: $input) {\n      ...ProposalFields\n    }\n  }\n": typeof types.ProposeSceneDocument,
    "\n  mutation VoteProposal($input: VoteProposalInput!) {\n    voteProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": typeof types.VoteProposalDocument,
    "\n  mutation CommentProposal($input: CommentProposalInput!) {\n    commentProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": typeof types.CommentProposalDocument,
    "\n  mutation StartViewerSession {\n    startViewerSession {\n      token\n    }\n  }\n": typeof types.StartViewerSessionDocument,
};
const documents: Documents = {
    "\n  query HeldLines($sceneId: ID) {\n    heldLines(sceneId: $sceneId) {\n      reasons\n      heldAt\n      message {\n        id\n        turn\n        speakerName\n        recipientName\n        content\n        thoughts\n      }\n      context {\n        id\n        turn\n        speakerName\n        content\n        hidden\n        held\n      }\n    }\n  }\n": types.HeldLinesDocument,
    "\n  subscription HeldLineChanged($sceneId: ID) {\n    heldLineChanged(sceneId: $sceneId) {\n      sceneId\n      messageId\n      change\n      heldCount\n    }\n  }\n": types.HeldLineChangedDocument,
    "\n  mutation ApproveHeldLine($input: ApproveHeldLineInput!) {\n    approveHeldLine(input: $input) {\n      id\n      hidden\n    }\n  }\n": types.ApproveHeldLineDocument,
    "\n  mutation RejectHeldLine($input: RejectHeldLineInput!) {\n    rejectHeldLine(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n": types.RejectHeldLineDocument,
    "\n  mutation DeleteMemory($input: DeleteMemoryInput!) {\n    deleteMemory(input: $input) {\n      id\n    }\n  }\n": types.DeleteMemoryDocument,
    "\n  mutation ResetCharacterMemory($input: ResetCharacterMemoryInput!) {\n    resetCharacterMemory(input: $input) {\n      id\n    }\n  }\n": types.ResetCharacterMemoryDocument,
    "\n  mutation ResetSceneForgetting($input: SceneIdInput!) {\n    resetScene(input: $input, keepMemories: false) {\n      id\n      status\n      epoch\n    }\n  }\n": types.ResetSceneForgettingDocument,
    "\n  query CharacterMemories($id: ID!, $first: Int) {\n    scene(id: $id) {\n      id\n      characters {\n        id\n        memories(first: $first) {\n          totalCount\n          nodes {\n            id\n            text\n            importance\n            kind\n            createdAt\n          }\n        }\n        relationships {\n          otherId\n          otherName\n          otherColour\n          affinity\n          familiarity\n          view\n        }\n      }\n    }\n  }\n": types.CharacterMemoriesDocument,
    "\n  query Me {\n    me {\n      role\n      clientId\n    }\n  }\n": types.MeDocument,
    "\n  query OidcSignIn {\n    oidcSignIn {\n      issuer\n      clientId\n    }\n  }\n": types.OidcSignInDocument,
    "\n  query SceneBudget($id: ID!) {\n    scene(id: $id) {\n      id\n      status\n      statusReason\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n": types.SceneBudgetDocument,
    "\n  query CostStats {\n    stats {\n      estimatedCostUsd\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n      byScene {\n        sceneId\n        estimatedCostUsd\n      }\n    }\n  }\n": types.CostStatsDocument,
    "\n  mutation PauseScene($input: SceneReasonInput!) {\n    pauseScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": types.PauseSceneDocument,
    "\n  mutation ResumeScene($input: SceneIdInput!) {\n    resumeScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": types.ResumeSceneDocument,
    "\n  mutation ResetScene($input: SceneIdInput!) {\n    resetScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n": types.ResetSceneDocument,
    "\n  mutation EndScene($input: SceneReasonInput!) {\n    endScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n": types.EndSceneDocument,
    "\n  mutation StartNextScene($input: SceneIdInput!) {\n    startNextScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n": types.StartNextSceneDocument,
    "\n  mutation SetScenePace($input: SetScenePaceInput!) {\n    setScenePace(input: $input) {\n      id\n      pace\n    }\n  }\n": types.SetScenePaceDocument,
    "\n  mutation SetSceneBudget($input: SetSceneBudgetInput!) {\n    setSceneBudget(input: $input) {\n      id\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n": types.SetSceneBudgetDocument,
    "\n  mutation InjectNarration($input: InjectNarrationInput!) {\n    injectNarration(input: $input) {\n      id\n    }\n  }\n": types.InjectNarrationDocument,
    "\n  mutation HideMessage($input: HideMessageInput!) {\n    hideMessage(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n": types.HideMessageDocument,
    "\n  mutation ApproveProposal($input: ProposalDecisionInput!) {\n    approveProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": types.ApproveProposalDocument,
    "\n  mutation RejectProposal($input: ProposalDecisionInput!) {\n    rejectProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": types.RejectProposalDocument,
    "\n  query ModerationLog($first: Int, $after: String, $sceneId: ID) {\n    moderationLog(first: $first, after: $after, sceneId: $sceneId) {\n      nodes {\n        id\n        at\n        moderator\n        action\n        sceneId\n        proposalId\n        messageId\n        message {\n          speakerName\n          content\n        }\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ModerationLogDocument,
    "\n  fragment CharacterStateFields on CharacterState {\n    id\n    action\n    actionStartedAt\n    actionDurationMs\n    mood\n    moodEmoji\n    spot\n    facing\n    endRequestedAt\n    holding\n    walk {\n      path {\n        x\n        y\n      }\n      startedAt\n      durationMs\n    }\n  }\n": types.CharacterStateFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    epoch\n    turn\n    speakerId\n    speakerName\n    recipientId\n    recipientName\n    content\n    thoughts\n    mood\n    moodEmoji\n    reaction\n    rating\n    endConversation\n    moveTo\n    speakingMs\n    model\n    promptTokens\n    completionTokens\n    latencyMs\n    fallback\n    createdAt\n    hidden\n    hiddenReason\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment LineEventFields on SceneEvent {\n    __typename\n    seq\n    epoch\n    at\n    sceneId\n    ... on CharacterChanged {\n      character {\n        id\n        action\n        actionStartedAt\n        actionDurationMs\n        mood\n        moodEmoji\n        spot\n        facing\n        endRequestedAt\n        holding\n      }\n    }\n    ... on CharacterActed {\n      characterId\n      actionKind: action\n      objectId\n      targetId\n      actionSpot: spot\n      description\n      emoji\n    }\n  }\n": types.LineEventFieldsFragmentDoc,
    "\n  query SceneList {\n    scenes {\n      id\n      slug\n      name\n      description\n      status\n      viewers\n      epoch\n      builtIn\n      nextConversationAt\n      room {\n        id\n        name\n        floor\n        wall\n      }\n      characters {\n        id\n        name\n        colour\n        state {\n          action\n        }\n      }\n    }\n  }\n": types.SceneListDocument,
    "\n  query SceneDetail($slug: String, $id: ID) {\n    scene(slug: $slug, id: $id) {\n      id\n      slug\n      name\n      description\n      status\n      statusReason\n      epoch\n      turn\n      lastSeq\n      viewers\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n      successorSceneId\n      startedAt\n      endedAt\n      nextConversationAt\n      room {\n        id\n        name\n        width\n        height\n        floor\n        wall\n        furniture {\n          kind\n          x\n          y\n          w\n          h\n        }\n        spots {\n          name\n          x\n          y\n        }\n        objects {\n          id\n          name\n          spot\n          x\n          y\n          usable\n          portable\n          emoji\n        }\n      }\n      characters {\n        id\n        name\n        colour\n        persona\n        appearance\n        homeSpot\n        baseMood\n        baseMoodEmoji\n        messageCount\n        averageRating\n        state {\n          ...CharacterStateFields\n        }\n      }\n      conversations {\n        epoch\n        messageCount\n        startedAt\n        lastMessageAt\n      }\n    }\n  }\n": types.SceneDetailDocument,
    "\n  query Messages($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {\n    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...MessageFields\n        lineEvents {\n          ...LineEventFields\n        }\n      }\n    }\n  }\n": types.MessagesDocument,
    "\n  query Stats {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      viewers\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        averageLatencyMs\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n": types.StatsDocument,
    "\n  subscription SceneEvents($sceneId: ID!, $afterSeq: Int) {\n    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      epoch\n      at\n      airsAt\n      sceneId\n      ... on CharacterChanged {\n        character {\n          ...CharacterStateFields\n        }\n      }\n      ... on MessagePosted {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on CharacterActed {\n        characterId\n        actionKind: action\n        objectId\n        targetId\n        actionSpot: spot\n        description\n        emoji\n      }\n      ... on SceneStatusChanged {\n        status\n        statusReason: reason\n      }\n      ... on ConversationEnded {\n        nextConversationAt\n      }\n      ... on MessageHidden {\n        messageId\n        hiddenReason\n      }\n      ... on BudgetExhausted {\n        scope\n        resumesAt\n      }\n      ... on NextSceneStarted {\n        nextSceneId\n        nextSceneSlug\n      }\n      ... on MemoryDeleted {\n        memoryId\n        characterId\n      }\n      ... on MemoryReset {\n        characterId\n      }\n      ... on SceneSettingsChanged {\n        pace\n        tokenBudgetPerHour\n      }\n      ... on NarrationInjected {\n        text\n      }\n      ... on ConversationStarted {\n        startReason: reason\n        characters {\n          ...CharacterStateFields\n        }\n      }\n    }\n  }\n": types.SceneEventsDocument,
    "\n  subscription SceneListChanges {\n    scenes {\n      sceneId\n      status\n      statusReason\n      viewers\n      epoch\n    }\n  }\n": types.SceneListChangesDocument,
    "\n  fragment ProposalFields on Proposal {\n    id\n    name\n    description\n    proposer\n    room\n    score\n    myVote\n    status\n    decisionReason\n    playedSceneId\n    createdAt\n    characters {\n      name\n      colour\n      persona\n      appearance\n    }\n    comments {\n      id\n      author\n      text\n      createdAt\n    }\n  }\n": types.ProposalFieldsFragmentDoc,
    "\n  query Proposals($status: ProposalStatus) {\n    proposals(status: $status) {\n      ...ProposalFields\n    }\n  }\n": types.ProposalsDocument,
    "\n  subscription ProposalChanged {\n    proposalChanged {\n      ...ProposalFields\n    }\n  }\n": types.ProposalChangedDocument,
    "\n  mutation ProposeScene($input: ProposeSceneInput!) {\n    proposeScene(input: $input) {\n      ...ProposalFields\n    }\n  }\n": types.ProposeSceneDocument,
    "\n  mutation VoteProposal($input: VoteProposalInput!) {\n    voteProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": types.VoteProposalDocument,
    "\n  mutation CommentProposal($input: CommentProposalInput!) {\n    commentProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n": types.CommentProposalDocument,
    "\n  mutation StartViewerSession {\n    startViewerSession {\n      token\n    }\n  }\n": types.StartViewerSessionDocument,
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
export function graphql(source: "\n  query HeldLines($sceneId: ID) {\n    heldLines(sceneId: $sceneId) {\n      reasons\n      heldAt\n      message {\n        id\n        turn\n        speakerName\n        recipientName\n        content\n        thoughts\n      }\n      context {\n        id\n        turn\n        speakerName\n        content\n        hidden\n        held\n      }\n    }\n  }\n"): (typeof documents)["\n  query HeldLines($sceneId: ID) {\n    heldLines(sceneId: $sceneId) {\n      reasons\n      heldAt\n      message {\n        id\n        turn\n        speakerName\n        recipientName\n        content\n        thoughts\n      }\n      context {\n        id\n        turn\n        speakerName\n        content\n        hidden\n        held\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HeldLineChanged($sceneId: ID) {\n    heldLineChanged(sceneId: $sceneId) {\n      sceneId\n      messageId\n      change\n      heldCount\n    }\n  }\n"): (typeof documents)["\n  subscription HeldLineChanged($sceneId: ID) {\n    heldLineChanged(sceneId: $sceneId) {\n      sceneId\n      messageId\n      change\n      heldCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveHeldLine($input: ApproveHeldLineInput!) {\n    approveHeldLine(input: $input) {\n      id\n      hidden\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveHeldLine($input: ApproveHeldLineInput!) {\n    approveHeldLine(input: $input) {\n      id\n      hidden\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectHeldLine($input: RejectHeldLineInput!) {\n    rejectHeldLine(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n"): (typeof documents)["\n  mutation RejectHeldLine($input: RejectHeldLineInput!) {\n    rejectHeldLine(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMemory($input: DeleteMemoryInput!) {\n    deleteMemory(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMemory($input: DeleteMemoryInput!) {\n    deleteMemory(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetCharacterMemory($input: ResetCharacterMemoryInput!) {\n    resetCharacterMemory(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ResetCharacterMemory($input: ResetCharacterMemoryInput!) {\n    resetCharacterMemory(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetSceneForgetting($input: SceneIdInput!) {\n    resetScene(input: $input, keepMemories: false) {\n      id\n      status\n      epoch\n    }\n  }\n"): (typeof documents)["\n  mutation ResetSceneForgetting($input: SceneIdInput!) {\n    resetScene(input: $input, keepMemories: false) {\n      id\n      status\n      epoch\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CharacterMemories($id: ID!, $first: Int) {\n    scene(id: $id) {\n      id\n      characters {\n        id\n        memories(first: $first) {\n          totalCount\n          nodes {\n            id\n            text\n            importance\n            kind\n            createdAt\n          }\n        }\n        relationships {\n          otherId\n          otherName\n          otherColour\n          affinity\n          familiarity\n          view\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CharacterMemories($id: ID!, $first: Int) {\n    scene(id: $id) {\n      id\n      characters {\n        id\n        memories(first: $first) {\n          totalCount\n          nodes {\n            id\n            text\n            importance\n            kind\n            createdAt\n          }\n        }\n        relationships {\n          otherId\n          otherName\n          otherColour\n          affinity\n          familiarity\n          view\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      role\n      clientId\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      role\n      clientId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OidcSignIn {\n    oidcSignIn {\n      issuer\n      clientId\n    }\n  }\n"): (typeof documents)["\n  query OidcSignIn {\n    oidcSignIn {\n      issuer\n      clientId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SceneBudget($id: ID!) {\n    scene(id: $id) {\n      id\n      status\n      statusReason\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n"): (typeof documents)["\n  query SceneBudget($id: ID!) {\n    scene(id: $id) {\n      id\n      status\n      statusReason\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostStats {\n    stats {\n      estimatedCostUsd\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n      byScene {\n        sceneId\n        estimatedCostUsd\n      }\n    }\n  }\n"): (typeof documents)["\n  query CostStats {\n    stats {\n      estimatedCostUsd\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        estimatedCostUsd\n      }\n      byScene {\n        sceneId\n        estimatedCostUsd\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseScene($input: SceneReasonInput!) {\n    pauseScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"): (typeof documents)["\n  mutation PauseScene($input: SceneReasonInput!) {\n    pauseScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeScene($input: SceneIdInput!) {\n    resumeScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeScene($input: SceneIdInput!) {\n    resumeScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetScene($input: SceneIdInput!) {\n    resetScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n"): (typeof documents)["\n  mutation ResetScene($input: SceneIdInput!) {\n    resetScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndScene($input: SceneReasonInput!) {\n    endScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"): (typeof documents)["\n  mutation EndScene($input: SceneReasonInput!) {\n    endScene(input: $input) {\n      id\n      status\n      statusReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartNextScene($input: SceneIdInput!) {\n    startNextScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n"): (typeof documents)["\n  mutation StartNextScene($input: SceneIdInput!) {\n    startNextScene(input: $input) {\n      id\n      status\n      epoch\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetScenePace($input: SetScenePaceInput!) {\n    setScenePace(input: $input) {\n      id\n      pace\n    }\n  }\n"): (typeof documents)["\n  mutation SetScenePace($input: SetScenePaceInput!) {\n    setScenePace(input: $input) {\n      id\n      pace\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSceneBudget($input: SetSceneBudgetInput!) {\n    setSceneBudget(input: $input) {\n      id\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n"): (typeof documents)["\n  mutation SetSceneBudget($input: SetSceneBudgetInput!) {\n    setSceneBudget(input: $input) {\n      id\n      tokenBudgetPerHour\n      tokensThisHour\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InjectNarration($input: InjectNarrationInput!) {\n    injectNarration(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation InjectNarration($input: InjectNarrationInput!) {\n    injectNarration(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HideMessage($input: HideMessageInput!) {\n    hideMessage(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n"): (typeof documents)["\n  mutation HideMessage($input: HideMessageInput!) {\n    hideMessage(input: $input) {\n      id\n      hidden\n      hiddenReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveProposal($input: ProposalDecisionInput!) {\n    approveProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveProposal($input: ProposalDecisionInput!) {\n    approveProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectProposal($input: ProposalDecisionInput!) {\n    rejectProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  mutation RejectProposal($input: ProposalDecisionInput!) {\n    rejectProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModerationLog($first: Int, $after: String, $sceneId: ID) {\n    moderationLog(first: $first, after: $after, sceneId: $sceneId) {\n      nodes {\n        id\n        at\n        moderator\n        action\n        sceneId\n        proposalId\n        messageId\n        message {\n          speakerName\n          content\n        }\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModerationLog($first: Int, $after: String, $sceneId: ID) {\n    moderationLog(first: $first, after: $after, sceneId: $sceneId) {\n      nodes {\n        id\n        at\n        moderator\n        action\n        sceneId\n        proposalId\n        messageId\n        message {\n          speakerName\n          content\n        }\n        reason\n        detail\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CharacterStateFields on CharacterState {\n    id\n    action\n    actionStartedAt\n    actionDurationMs\n    mood\n    moodEmoji\n    spot\n    facing\n    endRequestedAt\n    holding\n    walk {\n      path {\n        x\n        y\n      }\n      startedAt\n      durationMs\n    }\n  }\n"): (typeof documents)["\n  fragment CharacterStateFields on CharacterState {\n    id\n    action\n    actionStartedAt\n    actionDurationMs\n    mood\n    moodEmoji\n    spot\n    facing\n    endRequestedAt\n    holding\n    walk {\n      path {\n        x\n        y\n      }\n      startedAt\n      durationMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    epoch\n    turn\n    speakerId\n    speakerName\n    recipientId\n    recipientName\n    content\n    thoughts\n    mood\n    moodEmoji\n    reaction\n    rating\n    endConversation\n    moveTo\n    speakingMs\n    model\n    promptTokens\n    completionTokens\n    latencyMs\n    fallback\n    createdAt\n    hidden\n    hiddenReason\n  }\n"): (typeof documents)["\n  fragment MessageFields on Message {\n    id\n    epoch\n    turn\n    speakerId\n    speakerName\n    recipientId\n    recipientName\n    content\n    thoughts\n    mood\n    moodEmoji\n    reaction\n    rating\n    endConversation\n    moveTo\n    speakingMs\n    model\n    promptTokens\n    completionTokens\n    latencyMs\n    fallback\n    createdAt\n    hidden\n    hiddenReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LineEventFields on SceneEvent {\n    __typename\n    seq\n    epoch\n    at\n    sceneId\n    ... on CharacterChanged {\n      character {\n        id\n        action\n        actionStartedAt\n        actionDurationMs\n        mood\n        moodEmoji\n        spot\n        facing\n        endRequestedAt\n        holding\n      }\n    }\n    ... on CharacterActed {\n      characterId\n      actionKind: action\n      objectId\n      targetId\n      actionSpot: spot\n      description\n      emoji\n    }\n  }\n"): (typeof documents)["\n  fragment LineEventFields on SceneEvent {\n    __typename\n    seq\n    epoch\n    at\n    sceneId\n    ... on CharacterChanged {\n      character {\n        id\n        action\n        actionStartedAt\n        actionDurationMs\n        mood\n        moodEmoji\n        spot\n        facing\n        endRequestedAt\n        holding\n      }\n    }\n    ... on CharacterActed {\n      characterId\n      actionKind: action\n      objectId\n      targetId\n      actionSpot: spot\n      description\n      emoji\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SceneList {\n    scenes {\n      id\n      slug\n      name\n      description\n      status\n      viewers\n      epoch\n      builtIn\n      nextConversationAt\n      room {\n        id\n        name\n        floor\n        wall\n      }\n      characters {\n        id\n        name\n        colour\n        state {\n          action\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SceneList {\n    scenes {\n      id\n      slug\n      name\n      description\n      status\n      viewers\n      epoch\n      builtIn\n      nextConversationAt\n      room {\n        id\n        name\n        floor\n        wall\n      }\n      characters {\n        id\n        name\n        colour\n        state {\n          action\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SceneDetail($slug: String, $id: ID) {\n    scene(slug: $slug, id: $id) {\n      id\n      slug\n      name\n      description\n      status\n      statusReason\n      epoch\n      turn\n      lastSeq\n      viewers\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n      successorSceneId\n      startedAt\n      endedAt\n      nextConversationAt\n      room {\n        id\n        name\n        width\n        height\n        floor\n        wall\n        furniture {\n          kind\n          x\n          y\n          w\n          h\n        }\n        spots {\n          name\n          x\n          y\n        }\n        objects {\n          id\n          name\n          spot\n          x\n          y\n          usable\n          portable\n          emoji\n        }\n      }\n      characters {\n        id\n        name\n        colour\n        persona\n        appearance\n        homeSpot\n        baseMood\n        baseMoodEmoji\n        messageCount\n        averageRating\n        state {\n          ...CharacterStateFields\n        }\n      }\n      conversations {\n        epoch\n        messageCount\n        startedAt\n        lastMessageAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query SceneDetail($slug: String, $id: ID) {\n    scene(slug: $slug, id: $id) {\n      id\n      slug\n      name\n      description\n      status\n      statusReason\n      epoch\n      turn\n      lastSeq\n      viewers\n      pace\n      tokenBudgetPerHour\n      tokensThisHour\n      successorSceneId\n      startedAt\n      endedAt\n      nextConversationAt\n      room {\n        id\n        name\n        width\n        height\n        floor\n        wall\n        furniture {\n          kind\n          x\n          y\n          w\n          h\n        }\n        spots {\n          name\n          x\n          y\n        }\n        objects {\n          id\n          name\n          spot\n          x\n          y\n          usable\n          portable\n          emoji\n        }\n      }\n      characters {\n        id\n        name\n        colour\n        persona\n        appearance\n        homeSpot\n        baseMood\n        baseMoodEmoji\n        messageCount\n        averageRating\n        state {\n          ...CharacterStateFields\n        }\n      }\n      conversations {\n        epoch\n        messageCount\n        startedAt\n        lastMessageAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Messages($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {\n    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...MessageFields\n        lineEvents {\n          ...LineEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Messages($sceneId: ID!, $epoch: Int, $first: Int, $after: String) {\n    messages(sceneId: $sceneId, epoch: $epoch, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...MessageFields\n        lineEvents {\n          ...LineEventFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stats {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      viewers\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        averageLatencyMs\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n"): (typeof documents)["\n  query Stats {\n    stats {\n      turns\n      promptTokens\n      completionTokens\n      viewers\n      byModel {\n        model\n        turns\n        promptTokens\n        completionTokens\n        averageLatencyMs\n      }\n      byScene {\n        sceneId\n        turns\n        promptTokens\n        completionTokens\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SceneEvents($sceneId: ID!, $afterSeq: Int) {\n    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      epoch\n      at\n      airsAt\n      sceneId\n      ... on CharacterChanged {\n        character {\n          ...CharacterStateFields\n        }\n      }\n      ... on MessagePosted {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on CharacterActed {\n        characterId\n        actionKind: action\n        objectId\n        targetId\n        actionSpot: spot\n        description\n        emoji\n      }\n      ... on SceneStatusChanged {\n        status\n        statusReason: reason\n      }\n      ... on ConversationEnded {\n        nextConversationAt\n      }\n      ... on MessageHidden {\n        messageId\n        hiddenReason\n      }\n      ... on BudgetExhausted {\n        scope\n        resumesAt\n      }\n      ... on NextSceneStarted {\n        nextSceneId\n        nextSceneSlug\n      }\n      ... on MemoryDeleted {\n        memoryId\n        characterId\n      }\n      ... on MemoryReset {\n        characterId\n      }\n      ... on SceneSettingsChanged {\n        pace\n        tokenBudgetPerHour\n      }\n      ... on NarrationInjected {\n        text\n      }\n      ... on ConversationStarted {\n        startReason: reason\n        characters {\n          ...CharacterStateFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SceneEvents($sceneId: ID!, $afterSeq: Int) {\n    sceneEvents(sceneId: $sceneId, afterSeq: $afterSeq) {\n      __typename\n      seq\n      epoch\n      at\n      airsAt\n      sceneId\n      ... on CharacterChanged {\n        character {\n          ...CharacterStateFields\n        }\n      }\n      ... on MessagePosted {\n        message {\n          ...MessageFields\n        }\n      }\n      ... on CharacterActed {\n        characterId\n        actionKind: action\n        objectId\n        targetId\n        actionSpot: spot\n        description\n        emoji\n      }\n      ... on SceneStatusChanged {\n        status\n        statusReason: reason\n      }\n      ... on ConversationEnded {\n        nextConversationAt\n      }\n      ... on MessageHidden {\n        messageId\n        hiddenReason\n      }\n      ... on BudgetExhausted {\n        scope\n        resumesAt\n      }\n      ... on NextSceneStarted {\n        nextSceneId\n        nextSceneSlug\n      }\n      ... on MemoryDeleted {\n        memoryId\n        characterId\n      }\n      ... on MemoryReset {\n        characterId\n      }\n      ... on SceneSettingsChanged {\n        pace\n        tokenBudgetPerHour\n      }\n      ... on NarrationInjected {\n        text\n      }\n      ... on ConversationStarted {\n        startReason: reason\n        characters {\n          ...CharacterStateFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SceneListChanges {\n    scenes {\n      sceneId\n      status\n      statusReason\n      viewers\n      epoch\n    }\n  }\n"): (typeof documents)["\n  subscription SceneListChanges {\n    scenes {\n      sceneId\n      status\n      statusReason\n      viewers\n      epoch\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProposalFields on Proposal {\n    id\n    name\n    description\n    proposer\n    room\n    score\n    myVote\n    status\n    decisionReason\n    playedSceneId\n    createdAt\n    characters {\n      name\n      colour\n      persona\n      appearance\n    }\n    comments {\n      id\n      author\n      text\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment ProposalFields on Proposal {\n    id\n    name\n    description\n    proposer\n    room\n    score\n    myVote\n    status\n    decisionReason\n    playedSceneId\n    createdAt\n    characters {\n      name\n      colour\n      persona\n      appearance\n    }\n    comments {\n      id\n      author\n      text\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Proposals($status: ProposalStatus) {\n    proposals(status: $status) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  query Proposals($status: ProposalStatus) {\n    proposals(status: $status) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProposalChanged {\n    proposalChanged {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  subscription ProposalChanged {\n    proposalChanged {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProposeScene($input: ProposeSceneInput!) {\n    proposeScene(input: $input) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  mutation ProposeScene($input: ProposeSceneInput!) {\n    proposeScene(input: $input) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VoteProposal($input: VoteProposalInput!) {\n    voteProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  mutation VoteProposal($input: VoteProposalInput!) {\n    voteProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CommentProposal($input: CommentProposalInput!) {\n    commentProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"): (typeof documents)["\n  mutation CommentProposal($input: CommentProposalInput!) {\n    commentProposal(input: $input) {\n      ...ProposalFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartViewerSession {\n    startViewerSession {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation StartViewerSession {\n    startViewerSession {\n      token\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;