import type { Furniture, Room, RoomObject, Spot } from '../../domain/rooms.js';
import { builder } from '../builder.js';

export const SpotRef = builder.objectRef<Spot>('Spot').implement({
  description: 'A named place in a room where characters stand or walk to.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name the model uses in `moveTo`.' }),
    x: t.exposeInt('x', { description: 'Column, in tiles from the left.' }),
    y: t.exposeInt('y', { description: 'Row, in tiles from the top.' }),
  }),
});

export const FurnitureRef = builder.objectRef<Furniture>('Furniture').implement({
  description: 'A piece of furniture the stage draws.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'What it is (counter, table, plant, telescope …).' }),
    x: t.exposeInt('x', { description: 'Left column, in tiles.' }),
    y: t.exposeInt('y', { description: 'Top row, in tiles.' }),
    w: t.exposeInt('w', { description: 'Width, in tiles.' }),
    h: t.exposeInt('h', { description: 'Height, in tiles.' }),
  }),
});

export const RoomObjectRef = builder.objectRef<RoomObject>('RoomObject').implement({
  description: 'Something in a room characters act on: used where it stands and/or picked up, carried and given.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Id the tools and `CharacterActed` events name.' }),
    name: t.exposeString('name', { description: 'What people read ("the star charts").' }),
    spot: t.exposeString('spot', { description: 'The spot it lies at while nobody holds it.' }),
    x: t.exposeInt('x', { description: 'Column it is drawn at while nobody holds it, in tiles.' }),
    y: t.exposeInt('y', { description: 'Row it is drawn at while nobody holds it, in tiles.' }),
    usable: t.exposeBoolean('usable', { description: 'Whether characters can use it.' }),
    portable: t.exposeBoolean('portable', { description: 'Whether characters can pick it up and give it.' }),
    emoji: t.exposeString('emoji', { description: 'One emoji for labels.' }),
  }),
});

export const RoomRef = builder.objectRef<Room>('Room').implement({
  description: "The layout of a scene's room: size, colours, furniture and spots.",
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Layout id.' }),
    name: t.exposeString('name', { description: 'Human-readable room name.' }),
    width: t.exposeInt('width', { description: 'Width in tiles.' }),
    height: t.exposeInt('height', { description: 'Height in tiles (the top two rows are wall).' }),
    floor: t.exposeString('floor', { description: 'Floor colour, #rrggbb.' }),
    wall: t.exposeString('wall', { description: 'Wall colour, #rrggbb.' }),
    furniture: t.field({ type: [FurnitureRef], description: 'Furniture to draw.', resolve: (r) => r.furniture }),
    spots: t.field({ type: [SpotRef], description: 'Named spots.', resolve: (r) => r.spots }),
    objects: t.field({
      type: [RoomObjectRef],
      description: "Objects in the room; each lies at its spot unless a character's `holding` names it.",
      resolve: (r) => r.objects,
    }),
  }),
});
