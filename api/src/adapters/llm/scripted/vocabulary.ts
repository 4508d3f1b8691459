import type { Voice } from './voices/voice.js';

/**
 * Material shared by every voice of the offline writer, and the generic voice of characters
 * it has no authored material for (proposed scenes). Slots: `{to}` a character present,
 * `{me}` the speaker, `{spot}` a spot of the room, `{role}` and `{interest}` whole noun
 * phrases read from the speaker's persona (see `personaPhrases`), used only where any noun
 * phrase reads correctly.
 */

/** Walking somewhere (`{spot}`), said as the line's first sentence. */
export const MOVES = [
  'Let me stand by the {spot} for a moment.',
  'I am going over to the {spot}.',
  'Give me a second, I want to be near the {spot}.',
  'I will be by the {spot}, do go on.',
] as const;

/** After a memory that cannot be turned to "you" (`{memory}` is the memory's own sentence). */
export const RECALL_FRAMES = [
  'I have been thinking about that since last time.',
  'That has stayed with me since last time.',
  'I still think about that, from last time.',
] as const;

/** Verbs after which "<Name> verb…" can be said to Name as "you verb…". */
export const SECOND_PERSON_VERBS = new Set([
  'told',
  'said',
  'asked',
  'showed',
  'promised',
  'admitted',
  'claimed',
  'explained',
  'swore',
  'mentioned',
  'wanted',
  'tried',
  'gave',
  'lent',
  'brought',
  'laughed',
  'complained',
  'insisted',
  'argued',
  'agreed',
  'disagreed',
  'thought',
  'seemed',
  'looked',
  'worried',
  'helped',
  'found',
  'lost',
  'made',
  'called',
  'was',
]);

/** Reaction emoji by what the previous line was. */
export const REACTIONS = ['👍', '😂', '🤔', '😮', '👀', '🙂', '😅', '🙃', '✨', '💡', '🙄', '😄', '👏', '🤨'] as const;
export const QUESTION_REACTIONS = ['🤔', '🧐', '🤨', '💭'] as const;
export const GREETING_REACTIONS = ['👋', '🙂', '😊'] as const;
export const NARRATION_REACTIONS = ['😮', '😲', '👀', '🙀'] as const;

/** Moods of the generic voice: drift moves to a neighbour, so moods change gradually. */
const GENERIC_MOODS = [
  ['cheerful', '😊'],
  ['curious', '🤔'],
  ['amused', '😄'],
  ['thoughtful', '🧐'],
  ['calm', '😌'],
  ['wistful', '🥲'],
  ['restless', '😬'],
] as const;

/**
 * The generic voice. Pools that carry a line (openers, beats, farewells) are shared by every
 * unknown character, so the writer deals them out by the speaker's rank among them.
 */
export const GENERIC: Voice = {
  moods: GENERIC_MOODS,
  greetings: ['Hello, {to}.', 'Good to see you, {to}.', 'Oh, hello, {to}, I hoped you would be here.'],
  warmGreetings: ['{to}, it is so good to see you again.', '{to}, there you are, my friend.'],
  coolGreetings: ['Hello again, {to}.', 'Oh, it is you, {to}.'],
  introductions: ['I do not think we have met; my name is {me}.', 'We have not met before, I think; I am {me}.'],
  greetBack: ['Hello to you too, {to}.', 'Hi, {to}, it is good to be here.', 'Hello, {to}, nice to see you.'],
  openers: [
    'So, here we all are.',
    'I have been looking forward to this all day.',
    'What a place this is, once you stop and look at it.',
    'I nearly did not come, and I am glad I did.',
    'It feels like something is about to happen in here.',
    'I came in for a minute, and here I still am.',
    'I always notice the small things in a room like this.',
    'Today has been long, so this is a welcome pause.',
  ],
  beats: [
    'I have been thinking about how quickly a day can change.',
    'Some of my best ideas arrive when I am supposed to be doing something else.',
    'I like a room where people actually talk to each other.',
    'My grandmother said you can tell a lot about someone from how they wait.',
    'I once got lost on purpose, just to see where I would end up.',
    'There is always one more thing to do, and I have stopped minding.',
    'I keep a list of small good things, and today is already on it.',
    'Honestly, I am a better listener than I look.',
    'The best conversations start with nobody knowing where they are going.',
    'I tried to learn patience once, but it took too long.',
    'I think everyone here has a story they have not told yet.',
    'Quiet moments like this are rarer than they should be.',
    'I make a terrible first impression and an excellent second one.',
    'Every time I plan a day, the day has other plans.',
    'I have started saying yes to more things, and it is going well so far.',
    'A good chat is worth more than a good nap, most days.',
    'I used to rush everywhere, and then one day I simply stopped.',
    'My neighbour waves at me every morning, and I still do not know her name.',
    'The older I get, the more I like a quiet corner and a warm cup.',
    'I once missed a train and found my favourite bakery because of it.',
    'Somebody told me to write things down, so now I have nine notebooks.',
    'I laugh at my own jokes first, just to be safe.',
    'Small rooms make for big conversations, I have noticed.',
    'I keep meaning to learn an instrument, and I keep choosing naps.',
    { ask: 'How are you today, {to}?', tag: 'feeling' },
    { ask: 'What brings you here, {to}?', tag: 'here' },
    { ask: 'What do you make of all this, {to}?', tag: 'opinion' },
    { ask: 'Do you have a story for us, {to}?', tag: 'story' },
    { ask: 'What are you doing after this, {to}?', tag: 'plans' },
    { ask: 'What was the best part of your week, {to}?', tag: 'best' },
    { ask: 'If you could change one thing about today, what would it be, {to}?', tag: 'change' },
    { ask: 'Have you been here before, {to}?', tag: 'before' },
  ],
  answers: {
    feeling: ['Well, thank you, and better for the company.'],
    here: ['Curiosity, mostly, and a little luck.'],
    opinion: ['I think it is more interesting than it looks.'],
    story: ['Only a small one, and I will save it for later.'],
    plans: ['Nothing much, and I am looking forward to it.'],
    best: ['This, so far, if I am honest.'],
    change: ['Not much; maybe a little more time.'],
    before: ['Once or twice, though it never looks quite the same.'],
  },
  anyAnswer: [
    'That is a good question, and I am still thinking about it.',
    'Yes, I think so.',
    'No, not really.',
    'Perhaps; it depends on the day.',
    'I would rather hear what you think first.',
    'Honestly, I am not sure yet.',
  ],
  reactions: [
    'I see what you mean.',
    'That is interesting.',
    'Hm, I had not thought of that.',
    'Fair enough.',
    'That is good to hear.',
    'Really? Go on.',
    'I like that.',
    'I am not so sure, but maybe.',
  ],
  narration: ['What was that?', 'Did everyone see that?', 'Well, that was unexpected.', 'That is not something you see every day.'],
  acted: ['There, that is done.', 'One moment, nearly there.'],
  actFailed: ['Hm, that did not work.', 'Never mind, then.'],
  farewells: [
    'I think it is time for me to go.',
    'This was good; let us do it again.',
    'I should be on my way.',
    'Thank you, all of you; I will head off now.',
    'I will leave it there for today.',
    'I have enjoyed this, but I must go.',
    'That is enough talking for me, in the best way.',
    'I am going to call it a day.',
  ],
  farewellBack: ['Goodbye, {to}.', 'Take care, {to}.', 'See you soon, {to}.'],
  thoughts: [
    'I wonder what {to} is really thinking.',
    'This is going better than I expected.',
    'I should listen more than I talk.',
    '{to} seems kind.',
    'I hope I said that right.',
    'I could stay here longer than I meant to.',
    '{to} has a story; I can tell.',
    'Did that come out the way I meant it?',
    'I like the sound of this room.',
    'Maybe {to} feels as nervous as I do.',
  ],
  recallFollowUps: ['Did anything come of it?', 'How did it turn out?'],
};

/** Extra generic lines when the persona yields a role ("a retired lighthouse keeper"). */
export const ROLE_BEATS = [
  'Speaking as {role}, I have seen stranger things than this.',
  'People are often surprised that I am {role}.',
] as const;
/** Extra generic lines when the persona yields an interest ("sea glass"). */
export const INTEREST_BEATS = [
  'I could talk about {interest} all day, if anyone let me.',
  'Most of my week comes back to {interest}, one way or another.',
] as const;
