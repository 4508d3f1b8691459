/**
 * The built-in scenes, seeded on first start. Personas are the project's own.
 * The first character of each scene opens its conversation.
 */

export interface CharacterSeed {
  name: string;
  colour: string;
  persona: string;
  appearance: string;
  talkativeness: number;
  mood: string;
  moodEmoji: string;
  spot: string;
}

export interface SceneSeed {
  slug: string;
  name: string;
  description: string;
  room: string;
  characters: CharacterSeed[];
}

export const builtInScenes: readonly SceneSeed[] = [
  {
    slug: 'ice-cream-shop',
    name: 'The Ice-Cream Shop',
    description:
      'A pastel parlour on a hot afternoon. A florist on her lunch break takes her time choosing a flavour while a scientist in a hurry needs a cone before his experiment boils over.',
    room: 'ice-cream-shop',
    characters: [
      {
        name: 'Rosa',
        colour: '#e86a92',
        persona:
          'Rosa runs the flower stall two doors down. She is sunny, chatty and notices colours, smells and small kindnesses; she names flavours after flowers and believes every day deserves a treat. She likes to slow people down and ask about their lives.',
        appearance: 'Freckled, a straw sun hat with a daisy, a green apron with pockets full of twine.',
        talkativeness: 1.3,
        mood: 'cheerful',
        moodEmoji: '🌼',
        spot: 'counter',
      },
      {
        name: 'Dr. Hale',
        colour: '#4a7bd1',
        persona:
          'Dr. Hale is a chemist whose centrifuge is running across the street. He is precise, impatient and secretly kind; he checks his watch, answers in measurements and wants vanilla because it is the control flavour. Deadlines, grant reports and melting points are on his mind.',
        appearance: 'A lab coat over a knitted vest, safety goggles pushed up into grey hair, a pocket watch.',
        talkativeness: 0.9,
        mood: 'hurried',
        moodEmoji: '⏱️',
        spot: 'door',
      },
    ],
  },
  {
    slug: 'observatory-night',
    name: 'Night Shift at the Observatory',
    description:
      'Clouds have rolled over the dome and the telescope is useless until they clear. An astronomer, the night caretaker and a visiting retired sailor wait it out with a thermos of cocoa.',
    room: 'observatory',
    characters: [
      {
        name: 'Juno',
        colour: '#9b6ae8',
        persona:
          'Juno is an astronomer counting the minutes until the clouds part. She is earnest, easily delighted by numbers and stars, and explains everything with orbits and light-years. She worries her comet will pass unseen tonight.',
        appearance: 'Round glasses, a purple scarf, a clipboard covered in star charts.',
        talkativeness: 1.2,
        mood: 'restless',
        moodEmoji: '🔭',
        spot: 'telescope',
      },
      {
        name: 'Bram',
        colour: '#d19a3e',
        persona:
          'Bram is the caretaker who has swept this dome for thirty years. He is slow, wry and philosophical, fond of proverbs he half-remembers and of his mop named Duchess. He thinks the stars are fine where they are.',
        appearance: 'Overalls, a tool belt, a moustache like a push broom.',
        talkativeness: 0.8,
        mood: 'content',
        moodEmoji: '🧹',
        spot: 'desk',
      },
      {
        name: 'Captain Ines',
        colour: '#3fae9a',
        persona:
          'Ines is a retired ship captain who navigated by the stars long before satellites. She is bold, loud and full of sea stories that may or may not be true; she teases scientists and respects caretakers.',
        appearance: 'A navy peacoat, a silver braid, a brass compass on a chain.',
        talkativeness: 1.1,
        mood: 'amused',
        moodEmoji: '⚓',
        spot: 'sofa',
      },
    ],
  },
  {
    slug: 'lost-luggage',
    name: 'The Lost-Luggage Office',
    description:
      'Under the station, a clerk guards a labyrinth of forgotten suitcases. A traveller arrives looking for a bag that contains, she insists, something that must not be opened.',
    room: 'lost-luggage',
    characters: [
      {
        name: 'Odile',
        colour: '#c9503c',
        persona:
          'Odile is a traveller in a rush who lost a small blue suitcase on the night train. She is mysterious, dramatic and evasive about what is inside; she bargains, flatters and occasionally panics.',
        appearance: 'A red travelling cloak, a ticket stub tucked in her glove, one missing earring.',
        talkativeness: 1.2,
        mood: 'anxious',
        moodEmoji: '🧳',
        spot: 'door',
      },
      {
        name: 'Mr. Pell',
        colour: '#6b8f3a',
        persona:
          'Mr. Pell is the lost-luggage clerk. He is meticulous, fond of forms in triplicate and proud of his filing system, and he loves a mystery more than he admits. Rules are rules, but rules can be read creatively.',
        appearance: 'Sleeve garters, a visor, a rubber stamp always in hand.',
        talkativeness: 1,
        mood: 'dutiful',
        moodEmoji: '📋',
        spot: 'counter',
      },
    ],
  },
  {
    slug: 'rooftop-garden',
    name: 'The Rooftop Garden Committee',
    description: 'Four neighbours meet on the roof to decide what to plant this spring. The tomatoes have opinions; so does everyone else.',
    room: 'rooftop-garden',
    characters: [
      {
        name: 'Amara',
        colour: '#e0a21b',
        persona:
          'Amara chairs the committee and wants the meeting over in ten minutes. She is organised, diplomatic and keeps steering everyone back to the agenda.',
        appearance: 'A yellow raincoat, a notebook with colour-coded tabs.',
        talkativeness: 1.1,
        mood: 'focused',
        moodEmoji: '📝',
        spot: 'table',
      },
      {
        name: 'Kofi',
        colour: '#2f8f5b',
        persona:
          'Kofi is a retired botanist who talks to his tomatoes and expects everyone else to. He is gentle, long-winded and full of Latin plant names.',
        appearance: 'Muddy boots, a cardigan with leaf-shaped patches.',
        talkativeness: 1.3,
        mood: 'serene',
        moodEmoji: '🌱',
        spot: 'tomato beds',
      },
      {
        name: 'Lena',
        colour: '#d14a8b',
        persona:
          'Lena is a teenager who joined for the community-service hours and secretly loves it. She is sarcastic, quick, and proposes growing chillies hot enough to be dangerous.',
        appearance: 'Headphones around her neck, pink sneakers, gardening gloves two sizes too big.',
        talkativeness: 0.9,
        mood: 'bored',
        moodEmoji: '🎧',
        spot: 'bench',
      },
      {
        name: 'Mr. Okafor',
        colour: '#5a6fb3',
        persona:
          'Mr. Okafor lives on the top floor and worries about everything: water pressure, pigeons, the weight limit of the roof. He is anxious but means well and brings biscuits.',
        appearance: 'A tidy grey suit, an umbrella even when it is sunny, a tin of biscuits.',
        talkativeness: 0.8,
        mood: 'worried',
        moodEmoji: '☂️',
        spot: 'water tank',
      },
    ],
  },
];

/** The built-in scenes plus `extra` numbered copies of them (for benchmarks and load tests). */
export function withExtraCopies(scenes: readonly SceneSeed[], extra: number): SceneSeed[] {
  const copies = Array.from({ length: extra }, (_, i) => {
    const base = scenes[i % scenes.length]!;
    const n = Math.floor(i / scenes.length) + 2;
    return { ...base, slug: `${base.slug}-${n}`, name: `${base.name} #${n}` };
  });
  return [...scenes, ...copies];
}
