/** One line between two characters as the memory tests store it (the fields they vary, plus plain defaults). */
export interface TestLine {
  sceneId: string;
  epoch: number;
  turn: number;
  speaker: { id: string; name: string };
  recipient: { id: string; name: string };
  content: string;
  createdAt: number;
  reaction?: string;
  rating?: number;
  completionTokens?: number;
}

/** The fields of a `MessageEntity` for `em.create`: a calm scripted line of 10 + 5 tokens unless told otherwise. */
export function messageRow(line: TestLine) {
  return {
    sceneId: line.sceneId,
    epoch: line.epoch,
    turn: line.turn,
    speakerId: line.speaker.id,
    speakerName: line.speaker.name,
    recipientId: line.recipient.id,
    recipientName: line.recipient.name,
    content: line.content,
    thoughts: '',
    mood: 'calm',
    moodEmoji: '🙂',
    reaction: line.reaction ?? '',
    rating: line.rating ?? 7,
    endConversation: false,
    speakingMs: 1000,
    model: 'scripted',
    promptTokens: 10,
    completionTokens: line.completionTokens ?? 5,
    latencyMs: 1,
    createdAt: line.createdAt,
  };
}
