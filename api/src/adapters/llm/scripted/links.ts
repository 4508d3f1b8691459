/**
 * Shared material that any voice may say around its own: written so it reads in every voice
 * and before any beat, so that a character's beats come back with another lead in the next
 * conversation rather than word for word.
 */

/** Said before the speaker's next beat instead of a reaction; never alone. */
export const BRIDGES = [
  'That reminds me of something.',
  'Here is a thing I keep thinking about.',
  'Funny, I was just thinking about that.',
  'Let me say one more thing.',
  'You know what I was thinking?',
  'I will tell you something.',
  'This might sound odd.',
  'I keep coming back to one thing.',
] as const;

/** After a character's own goodbye, when it speaks again: it is leaving, and says so. */
export const LINGER = [
  'I really am going now.',
  'That is my cue to go.',
  'I am on my way out, truly.',
  'One last goodbye, and then I am gone.',
  'No, really, I am leaving.',
  'I will not start another story now.',
  'Do not let me keep you talking.',
  'I said goodbye once, and I meant it.',
  'I am halfway to the door already.',
  'This is me leaving, properly.',
  'I will say no more, I promise.',
  'Right, I am really going this time.',
  'You will not hear another word from me today.',
  'Do carry on without me.',
] as const;

/** Private thoughts any character may have (`{to}`), after its own. */
export const SHARED_THOUGHTS = [
  'I wonder what {to} is really thinking.',
  'I should listen more and talk less.',
  'This is going better than I expected.',
  'I hope {to} did not take that the wrong way.',
  'Where was I going with that?',
  '{to} is easier to talk to than I thought.',
  'I will remember this conversation.',
  'Did I say that out loud?',
  'Nobody here is quite what they seem.',
  'I could listen to {to} for a while yet.',
] as const;
