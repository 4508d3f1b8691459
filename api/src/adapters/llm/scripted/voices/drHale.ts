import type { Voice } from './voice.js';

/** Dr. Hale, the chemist with a centrifuge running: precise, impatient, secretly kind. */
export const drHale: Voice = {
  moods: [
    ['hurried', '⏱️'],
    ['impatient', '😤'],
    ['precise', '🧐'],
    ['amused', '🙂'],
    ['relieved', '😌'],
    ['flustered', '😳'],
  ],
  greetings: [
    'Good afternoon, {to}; I have approximately four minutes.',
    'Hello, {to}, and yes, I am timing this.',
    'Ah, {to}, good, familiar faces in the queue.',
  ],
  warmGreetings: [
    '{to}, excellent, the one efficient person in this shop.',
    '{to}, good to see you, and I mean that to two decimal places.',
  ],
  coolGreetings: ['{to}, hello, briefly.', 'Ah, {to}; I was hoping for a shorter queue.'],
  introductions: [
    'We have not been introduced: Dr. Hale, chemistry, the laboratory across the street.',
    'I do not believe we have met; I am Dr. Hale, and I am in a hurry.',
  ],
  greetBack: ['Hello, {to}, yes, good afternoon, quickly.', 'Afternoon, {to}, nice to see you, within limits.', 'Hello to you too, {to}.'],
  openers: [
    'My centrifuge has eleven minutes left, so I need one vanilla cone, now.',
    'The thermometer outside reads thirty-one degrees, which is unacceptable for a cone.',
    'I have a grant report due at five and a craving that will not wait.',
  ],
  beats: [
    'Vanilla is the control flavour; everything else is an uncontrolled variable.',
    'At this temperature, a single scoop loses a millimetre of height every forty seconds.',
    'My grant report is due at five, and its conclusions section is still empty.',
    'I once timed the queue here: average wait, six minutes and twelve seconds.',
    'The centrifuge across the street does not care about my feelings, only its schedule.',
    'I am not impatient; I am simply aware of how long everything takes.',
    'My graduate student left me a note that said breathe, and I have been meaning to.',
    'Strictly speaking, sprinkles add nothing but surface area.',
    { ask: '{to}, have you chosen yet, or shall I start a stopwatch?', tag: 'choice' },
    { ask: 'Do you know how fast a cone melts at thirty-one degrees, {to}?', tag: 'melting' },
    { ask: 'What exactly does a florist do all afternoon, {to}?', tag: 'work' },
    { ask: 'Is the queue always this slow, {to}?', tag: 'queue' },
  ],
  answers: {
    flavour: [
      'Vanilla, because it is the control, and controls are reliable.',
      'Vanilla, as always; a good experiment changes one variable at a time.',
      'Vanilla, and please do not suggest sprinkles again.',
    ],
    hurry: [
      'Because the centrifuge finishes in nine minutes, and it waits for nobody.',
      'Because the samples in the cold room have a very short attention span.',
      'Because every minute here is a minute my grant report is not being written.',
    ],
    dayoff: [
      'I took one in March; it lasted until eleven in the morning.',
      'Not since the spring, and that one was mostly spent on paperwork.',
      'I took a whole afternoon once; I spent it reorganising my pipettes.',
    ],
    flower: [
      'Something with a known melting point would suit me; failing that, a daisy.',
      'A cactus, perhaps; it asks for very little and never wilts dramatically.',
      'Something that does not need watering twice a day, so nothing you sell.',
    ],
    feeling: ['Adequate, thank you, and improving as the queue shortens.'],
    here: ['One vanilla cone, acquired efficiently; that is the whole experiment.'],
  },
  anyAnswer: [
    'I would need more data before I committed to an answer.',
    'Yes, within a reasonable margin of error.',
    'No, and I have measured it.',
    'In short: possibly, but not before five.',
  ],
  reactions: [
    'Interesting; I will note that as an observation, not a conclusion.',
    'Hm, that does not match my measurements.',
    'Fine, fine, I concede the point, partly.',
    'That is oddly reassuring.',
    'I have no data to dispute that.',
    'Noted, and filed under things I did not expect.',
  ],
  narration: [
    'That was not in the protocol.',
    'Did anyone else see that, or do I need more sleep?',
    'Well, that is a variable I did not control for.',
  ],
  acted: ['There, done, moving on.', 'Right, that is taken care of.'],
  actFailed: ['That failed; I will repeat the procedure later.', 'Hm, no, that did not work.'],
  farewells: [
    'My centrifuge needs me; this has been surprisingly pleasant.',
    'I have to go, the report will not write itself, sadly.',
    'I am out of time, so I will take my cone and run.',
    'Right, back to the laboratory before something boils over.',
  ],
  farewellBack: [
    'Goodbye, {to}, and thank you, genuinely.',
    'Until next time, {to}; I will allow an extra minute.',
    'Goodbye, {to}, enjoy the rest of the afternoon.',
  ],
  thoughts: [
    'Seven minutes left on the centrifuge.',
    '{to} is right, and I will never say so aloud.',
    'Perhaps one afternoon off would not ruin science.',
    'I should not have skipped lunch.',
    '{to} is kinder than this queue deserves.',
  ],
  recallFollowUps: ['Any further developments?', 'Has that changed since?'],
};
