/**
 * Template vocabulary of the scripted model. Slots: {to} the person addressed, {me} the
 * speaker, {word} a word picked up from the last line, {topic} a word from the speaker's
 * persona, {spot} a spot in the room, {scene} the scene's name, {event} a word from a
 * narrator line, {mood} the speaker's mood. Pools are large so a 30-line conversation
 * rarely repeats itself; the writer also refuses exact repeats of recent lines.
 */

export const GREETINGS = [
  'Hello, {to}!',
  'Oh, {to}, there you are.',
  'Good to see you, {to}.',
  'Well, look who it is: {to}!',
  'Hi {to}, fancy meeting you here.',
  'Ah, {to}, I was hoping you would turn up.',
  'Greetings, {to}.',
  'Hey {to}, come over here a moment.',
  'Oh hello, {to}, lovely day for it.',
  '{to}! Just the person I wanted to see.',
  'Morning, {to}, or whatever time it is in here.',
  'Hello hello, {to}.',
] as const;

export const OPENERS = [
  'I have been thinking about {topic} all day.',
  'So, {scene}, huh? Quite the place.',
  'Have you heard the news about {topic}?',
  'I could talk about {topic} for hours, you know.',
  'Something about this place makes me think of {topic}.',
  'Do you ever wonder about {topic}?',
  'I brought up {topic} with someone yesterday and they just stared at me.',
  'Let me tell you about {topic}, it is a good one.',
  'I have a question about {topic} for you.',
  'Everything here reminds me of {topic}, oddly enough.',
] as const;

export const ECHOES = [
  '"{Word}"? That is an interesting way to put it.',
  'Funny you should mention {word}.',
  'Ha, {word}! I did not expect that.',
  'You keep saying {word}, and I like it.',
  '{Word}, really? Tell me more.',
  'Hmm, {word}. I will have to think about that.',
  'I never thought of {word} quite like that.',
  'Right, {word}, of course.',
  'Wait, {word}? Since when?',
  'Oh, {word} is a big subject for me.',
  'Now that you bring up {word}, I have a story.',
  'Ah yes, {word}. Everyone says that lately.',
  'Well, {word} is not what I expected to hear today.',
  'I see what you mean about {word}.',
  'You and your {word}, {to}!',
  'Mm, {word}. Fair point, I suppose.',
  'Hold on, back up: {word}?',
  'That bit about {word} made me smile.',
] as const;

export const ANSWERS = [
  'Honestly? I think so.',
  'Hmm, good question, {to}.',
  'Not really, no.',
  'Absolutely, without a doubt.',
  'I would say yes, mostly.',
  'That depends on who is asking.',
  'I have not decided yet.',
  'Perhaps, if the weather holds.',
  'Ask me again tomorrow.',
  'You already know my answer, {to}.',
] as const;

export const REMARKS = [
  'For me it always comes back to {topic}.',
  'You know me and {topic}.',
  'It reminds me of {topic}, somehow.',
  'I learned that the hard way, through {topic}.',
  'If you ask me, {topic} explains most things.',
  'That is exactly how I feel about {topic}.',
  'There is a lesson about {topic} in there.',
  'I should write that down next to my notes on {topic}.',
  'My whole life has been about {topic}, so I would know.',
  'People underestimate {topic}, you know.',
  'Give me {topic} over anything else, any day.',
  'Speaking of which, {topic} is on my mind again.',
  'That is the kind of thing {topic} teaches you.',
  'I will never get tired of {topic}.',
  'It all sounds a bit like {topic} to me.',
  'Let us not forget about {topic}.',
] as const;

export const QUESTIONS = [
  'What do you think, {to}?',
  'Have you ever tried {topic}, {to}?',
  'Why do you say {word}, {to}?',
  'Do you really believe that, {to}?',
  'And what about you, {to}?',
  'Where did you hear about {word}?',
  'How do you feel about {topic}?',
  'Would you ever give {topic} a go?',
  'Is that why you came here today?',
  'Who told you that, {to}?',
  'Shall we talk about {topic} instead?',
  'Can you imagine {word} in a place like {scene}?',
  'What would you do in my place, {to}?',
  'Are you always this {mood}, {to}?',
] as const;

export const MOOD_REMARKS = [
  'I am feeling rather {mood} right now.',
  'Sorry, I am a bit {mood} today.',
  'This conversation is making me {mood}.',
  'Do I look {mood} to you?',
  'I cannot help feeling {mood} about it.',
  'Call me {mood}, but I like where this is going.',
] as const;

export const NARRATION = [
  'Did everyone notice the {event}?',
  'Hold on, what was that about the {event}?',
  'Well, the {event} changes things.',
  'I saw the {event} too, you know.',
  'Nobody mention the {event}, please.',
  'The {event}! I knew something was up.',
] as const;

export const MOVES = [
  'Let me wander over to the {spot}.',
  'I am going to stand by the {spot} for a bit.',
  'Follow me to the {spot}.',
  'The {spot} looks more comfortable.',
  'I will take a look at the {spot}.',
  'Back in a moment, just heading to the {spot}.',
] as const;

export const FAREWELLS = [
  'I think that is all I have to say for now, {to}.',
  'Well, this has been lovely, but I should get going.',
  'Let us pick this up another time, {to}.',
  'I am running out of words, so I will call it a day.',
  'Time for me to rest, I think.',
  'Thank you for the chat, {to}, truly.',
  'I will leave it there for today.',
  'Good talk, everyone. Until next time!',
  'My head is full of {topic} now, so I will stop here.',
  'Right, I really must be off.',
  'Let us end on that note, shall we?',
  'Goodbye for now, {to}.',
] as const;

export const THOUGHTS = [
  '{to} seems {mood} today.',
  'I wonder if {to} cares about {topic} as much as I do.',
  'Keep it light; no need to mention {topic} again.',
  'That remark about {word} stung a little.',
  'I should ask {to} something personal.',
  'Is {to} even listening?',
  'This is going better than I expected.',
  'I hope nobody noticed how {mood} I am.',
  'Maybe I talk about {topic} too much.',
  'I like {to} more than I let on.',
  'What a strange day in {scene}.',
  'Do not get distracted by {word}.',
  'I could use a cup of tea.',
  'Remember to be kind.',
] as const;

/** Mood ring: drift moves to a neighbour, so moods change gradually. */
export const MOODS = [
  ['cheerful', '😊'],
  ['amused', '😄'],
  ['playful', '😜'],
  ['excited', '🤩'],
  ['proud', '😎'],
  ['surprised', '😮'],
  ['curious', '🤔'],
  ['thoughtful', '🧐'],
  ['calm', '😌'],
  ['tired', '😴'],
  ['wistful', '🥲'],
  ['anxious', '😟'],
  ['annoyed', '😤'],
  ['grumpy', '😒'],
] as const;

export const REACTIONS = ['👍', '😂', '🤔', '😮', '👀', '🙂', '😅', '🙃', '✨', '💡', '🙄', '😄', '👏', '🤨'] as const;
export const QUESTION_REACTIONS = ['🤔', '🧐', '🤨', '💭'] as const;
export const EXCLAIM_REACTIONS = ['😮', '😂', '🙌', '😲'] as const;

/** Words for when the prompt gives nothing to pick up. */
export const FALLBACK_TOPICS = ['the weather', 'old stories', 'good food', 'this room', 'friendship', 'music'] as const;
