import type { Voice } from './voice.js';

/** Rosa, the florist from two doors down: sunny, chatty, names flavours after flowers. */
export const rosa: Voice = {
  moods: [
    ['cheerful', '🌼'],
    ['delighted', '😊'],
    ['curious', '🤔'],
    ['teasing', '😜'],
    ['tender', '🥰'],
    ['wistful', '🥲'],
  ],
  greetings: [
    'Hello, {to}, what a glorious day for something cold!',
    'Well, hello there, {to}, you are a sight for sore eyes.',
    'Oh, {to}, come in out of that sun.',
  ],
  warmGreetings: ['{to}, my favourite customer, come and stand by me.', 'There you are, {to}; I saved you the good spoon.'],
  coolGreetings: ['Oh, afternoon, {to}.', 'Hello, {to}; in a hurry again, I suppose.'],
  introductions: [
    'I do not think we have met; I am Rosa, from the flower stall two doors down.',
    'We have not met yet, so hello: I am Rosa, and I sell flowers just down the street.',
  ],
  greetBack: ['Hello yourself, {to}!', 'Afternoon, {to}, lovely to see you.', 'Oh, hello, {to}, I was hoping you would come in.'],
  openers: [
    'I am trying to decide between the rose-petal one and the lavender one.',
    'It is so hot that my sweet peas are sulking in their buckets.',
    'I told myself one scoop, but the freezer is full of colours today.',
  ],
  beats: [
    'Every flavour should be named after a flower, and I will not be argued with.',
    'Pistachio is really a sage-green peony, if you look at it kindly.',
    'A man bought one tulip from me this morning for his mother, so I gave him three.',
    'My grandmother said a day without a treat is a day you have to give back.',
    'The girl behind the counter gives an extra scoop to anyone who says please twice.',
    'I once sold a whole bucket of sunflowers to a bride who had gone off roses.',
    'A cone eaten slowly tastes better than two eaten in a rush.',
    'The sun on the window makes the whole shop look like a bowl of sherbet.',
    { ask: '{to}, what flavour are you having today?', tag: 'flavour' },
    { ask: 'Why are you always in such a hurry, {to}?', tag: 'hurry' },
    { ask: 'Do you ever take a whole afternoon off, {to}?', tag: 'dayoff' },
    { ask: 'What is your favourite flower, {to}?', tag: 'flower' },
  ],
  answers: {
    melting: [
      'Not long in this heat, so I lick around the edges first, like a sensible woman.',
      'Faster than you can say stracciatella, so I eat the drips first.',
      'Quicker than a tulip in a warm room, and that is quick.',
    ],
    choice: [
      'Not yet; choosing is half the pleasure.',
      'Nearly; I am down to two, and both of them are pink.',
      'I have chosen three times already and changed my mind each time.',
    ],
    work: [
      'After lunch I water everything twice and talk to the roses until they perk up.',
      'I sweep up the petals, wrap the last bouquets and count the buckets twice.',
      'Mostly ribbons, sore thumbs and telling people that lilies are not for cats.',
    ],
    queue: [
      'Only when the person in front is as slow as me, which is often.',
      'Only on hot days, and every day this week has been a hot day.',
      'Not when the girl with the freckles is serving; she is very quick.',
    ],
    feeling: ['Sunny, thank you, and about to be sunnier.'],
    here: ['The heat, the colours and an excuse to sit down for ten minutes.'],
  },
  anyAnswer: [
    'Oh, I would have to think about that over a second scoop.',
    'Yes, I think so, though I reserve the right to change my mind.',
    'Honestly? Ask me again when I have finished this cone.',
    'That depends on the weather, like most things worth asking.',
  ],
  reactions: [
    'Oh, that is lovely.',
    'Well, I never.',
    'You do say the most interesting things.',
    'Hmm, I am not sure I agree, but go on.',
    'That made me smile.',
    'You see, that is exactly what I mean about slowing down.',
  ],
  narration: [
    'Goodness, did everyone see that?',
    'Well, that is not something you see every afternoon.',
    'Oh my, I nearly dropped my cone.',
  ],
  acted: ['There we are.', 'Just a moment, I am nearly done.'],
  actFailed: ['Oh, bother, that did not go as planned.', 'Hm, maybe later, then.'],
  farewells: [
    'I should get back before my daisies wilt.',
    'Right, the stall will not mind itself much longer.',
    'Well, that was a lovely little treat, and now I must go.',
    'Time I went back to my buckets, I think.',
  ],
  farewellBack: [
    'Goodbye, {to}, and slow down a little, for me.',
    'Off you go, {to}; come by the stall sometime.',
    'Bye, {to}, it was lovely to see you.',
  ],
  thoughts: [
    '{to} looks like someone who has not sat down all week.',
    'I should bring {to} a sprig of lavender tomorrow.',
    'Three more minutes and my customers will start to wonder.',
    'I wonder if {to} has anyone to share ice cream with.',
    'This heat could wilt a cactus.',
  ],
  recallFollowUps: ['Did it all turn out well?', 'Is it any better now?'],
};
