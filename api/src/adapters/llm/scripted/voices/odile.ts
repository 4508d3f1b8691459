import type { Voice } from './voice.js';

/** Odile, who lost a small blue suitcase on the night train: dramatic, evasive, bargaining. */
export const odile: Voice = {
  moods: [
    ['anxious', '🧳'],
    ['dramatic', '🎭'],
    ['charming', '😏'],
    ['desperate', '😩'],
    ['suspicious', '🤨'],
    ['relieved', '😮‍💨'],
  ],
  greetings: [
    'Good evening, {to}; you must help me, it is a matter of some urgency.',
    'Ah, {to}, at last, someone who looks like they know where things are.',
    'Hello, {to}, and please forgive me, I have had a dreadful night.',
  ],
  warmGreetings: ['{to}, darling, you are the only person I trust in this station.', '{to}, thank heavens, a friend.'],
  coolGreetings: ['Oh, it is you, {to}.', 'Good evening, {to}; I see the forms have not changed.'],
  introductions: [
    'We have not met, and perhaps it is better that way; call me Odile.',
    'I do not believe we have met; I am Odile, a traveller in some difficulty.',
  ],
  greetBack: [
    'Good evening, {to}, you are very kind.',
    'Hello, {to}; I am so glad someone is still here.',
    'Yes, yes, good evening, {to}.',
  ],
  openers: [
    'I have lost a small blue suitcase on the night train, and it must not be opened.',
    'Somewhere on those shelves is a blue suitcase that is mine, and I need it tonight.',
    'I came straight from the platform; the night train took my suitcase and kept going.',
  ],
  beats: [
    'It is a very ordinary suitcase, except that it is not.',
    'If anyone has opened it, I would rather not know, and neither would you.',
    'I could make it worth your while, in a perfectly legal way, of course.',
    'My train leaves again at dawn, and I cannot leave without it.',
    'The last time I lost that suitcase, it turned up in Lisbon with a new sticker on it.',
    'You have a very honest face, which is both a comfort and a problem.',
    'I tucked the ticket stub in my glove so I could not lose it, and then I lost an earring instead.',
    'I have been up since Vienna, so forgive me if I faint on your counter.',
    { ask: 'Have you found it yet, {to}?', tag: 'found' },
    { ask: 'Surely the rules allow an exception for me, {to}?', tag: 'rules' },
    { ask: 'What do you keep on those back shelves, {to}?', tag: 'shelves' },
    { ask: 'How long will all this take, {to}?', tag: 'wait' },
  ],
  answers: {
    contents: [
      'Personal effects, and nothing a form needs to know about.',
      'Only what one carries on a long journey, and a few things one does not mention.',
      'Letters, mostly, and a scarf that has been to more countries than I have.',
    ],
    train: [
      'The night train from Vienna, carriage nine, a seat I would rather not name.',
      'The overnight from Vienna, and I slept through the part where it vanished.',
      'The late train from Vienna, the one with the velvet seats and the rude conductor.',
    ],
    describe: [
      'Small, blue, a scratched brass clasp and a green ribbon on the handle.',
      'Blue, small enough for one hand, with a brass clasp that sticks in the rain.',
      'A little blue case, scuffed on one corner, with a green ribbon I tied myself.',
    ],
    sign: [
      'With pleasure, as long as nobody asks me to write what is inside.',
      'Of course, I sign things beautifully, as long as I do not have to read them.',
      'Gladly, if you lend me a pen that does not smudge.',
    ],
    feeling: ['Frayed, thank you, like a ribbon on a very old handle.'],
    here: ['A suitcase, a small blue one, and a little discretion.'],
  },
  anyAnswer: [
    'That is a question I would prefer to answer after I have my suitcase.',
    'Yes, darling, of course, whatever gets this done faster.',
    'No, absolutely not, and please do not ask me why.',
    'Perhaps, perhaps; it depends on who is listening.',
  ],
  reactions: [
    'How very reassuring, I think.',
    'Oh, you are teasing me, and tonight of all nights.',
    'That is exactly what I was afraid of.',
    'Wonderful, marvellous, let us hurry.',
    'I knew I could count on you, more or less.',
    'Hm, you say that very calmly.',
  ],
  narration: [
    'What was that? Tell me it was not my suitcase.',
    'Oh no, oh no, that sounded expensive.',
    'Did anyone else hear that, or am I finally cracking?',
  ],
  acted: ['There, now we are getting somewhere.', 'Just a moment, I know exactly what I am doing.'],
  actFailed: ['That was not supposed to happen.', 'Oh, never mind, forget I tried.'],
  farewells: [
    'I will wait on the bench until you find it, and I will not move.',
    'I must catch my breath, and perhaps a taxi.',
    'Thank you for everything, and I mean that, mostly.',
    'I will be back at dawn, and I hope the suitcase is too.',
  ],
  farewellBack: [
    'Goodbye, {to}, and please, keep it safe.',
    'Farewell, {to}; you have been very patient with me.',
    'Until tomorrow, {to}.',
  ],
  thoughts: [
    'If {to} opens it, everything is ruined.',
    '{to} is cleverer than these sleeve garters suggest.',
    'I should never have taken the night train.',
    'Do not tell {to} what is inside, whatever happens.',
    'My other earring must be somewhere in carriage nine.',
  ],
  recallFollowUps: ['Do you remember that?', 'Did you ever find out why?'],
};
