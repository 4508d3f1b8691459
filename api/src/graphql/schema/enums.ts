import { builder } from '../builder.js';

export const SceneStatusEnum = builder.enumType('SceneStatus', {
  description: "Lifecycle of a scene's current conversation.",
  values: {
    RUNNING: { description: 'Characters are talking (or waiting for a viewer to arrive).' },
    PAUSED: { description: 'Stopped by a moderator: no model calls until resumed.' },
    ENDED: { description: 'The conversation is over; the next one starts after a cooldown.' },
  } as const,
});

export const CharacterActionEnum = builder.enumType('CharacterAction', {
  description: 'What a character is doing right now.',
  values: {
    IDLE: { description: 'Listening.' },
    WALKING: { description: 'Walking to a spot in the room.' },
    THINKING: { description: "The model is writing this character's next line." },
    SPEAKING: { description: 'Saying a line; lasts `actionDurationMs`.' },
  } as const,
});

export const FacingEnum = builder.enumType('Facing', {
  description: "The direction a character's sprite faces.",
  values: {
    up: { description: 'Towards the back wall.' },
    down: { description: 'Towards the viewer.' },
    left: { description: 'Left.' },
    right: { description: 'Right.' },
  } as const,
});
