import { overlaps, placeLabels, type Box, type LabelRequest } from '../layout/placement';
import './overlay.css';

/** What the overlay needs to know about one character, in stage (game) pixels. */
export interface OverlayActor {
  id: string;
  name: string;
  colour: string;
  /** Name colour readable on white (the bubble header). */
  inkColour: string;
  head: { x: number; y: number };
  feet: { x: number; y: number };
  speech: { text: string; recipientName: string | null; emoji: string; startedAt: number; durationMs: number } | null;
  thinking: boolean;
  endRequested: boolean;
}

interface Slot {
  name: HTMLDivElement;
  speech: HTMLDivElement;
  speechHead: HTMLSpanElement;
  speechEmoji: HTMLSpanElement;
  speechText: HTMLParagraphElement;
  speechBar: HTMLElement;
  tail: HTMLElement;
  thought: HTMLDivElement;
  nameKey: string;
  speechKey: string;
  size: { name: Size | null; speech: Size | null; thought: Size | null };
  pos: Map<HTMLElement, string>;
}
interface Size {
  w: number;
  h: number;
}

/** A character's next action label waits this long after the one before (ms). */
const ACTION_READ_MS = 1_800;
/** How far below the feet an action label starts: clear of the name tag (CSS px). */
const ACTION_BELOW_FEET_PX = 22;
/** An action label stays at most this long (its fade ends first). */
const ACTION_SHOW_MS = 4_500;

/** Below this stage width (CSS px) the overlay uses its smaller (still ≥ 12 px) type. */
const NARROW = 560;

/**
 * The stage's text layer as plain DOM over the canvas: names, speech and thought bubbles,
 * reaction pops. The browser renders the text at device resolution at a fixed CSS size, so
 * a bubble is as readable on a phone as on a desktop, whatever the canvas is scaled by.
 * Positions come from the game every frame; `placeLabels` keeps boxes apart.
 */
export class StageOverlay {
  readonly root: HTMLDivElement;
  private slots = new Map<string, Slot>();
  private width = 0;
  private height = 0;
  private resize: ResizeObserver | null = null;

  constructor(parent: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'pt-overlay';
    this.root.dataset.testid = 'stage-overlay';
    // The log announces every line; the overlay repeats it visually only.
    this.root.setAttribute('aria-hidden', 'true');
    parent.append(this.root);
    const measure = () => {
      this.width = this.root.clientWidth;
      this.height = this.root.clientHeight;
      this.root.classList.toggle('narrow', this.width < NARROW);
      for (const slot of this.slots.values()) slot.size = { name: null, speech: null, thought: null };
    };
    measure();
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(measure);
      this.resize.observe(this.root);
    }
  }

  /** Drop every character (a new room). */
  clear(): void {
    for (const slot of this.slots.values()) for (const el of [slot.name, slot.speech, slot.thought]) el.remove();
    this.slots.clear();
    this.root.querySelectorAll('.pt-pop').forEach((el) => el.remove());
    for (const slot of this.acts.values()) slot.el?.remove();
    this.acts.clear();
  }

  /** Lay out every label for this frame. `stage` is the game size the anchors are in. */
  render(actors: readonly OverlayActor[], stage: { w: number; h: number }, now: number): void {
    if (!this.width || !stage.w) return;
    const k = this.width / stage.w;
    const requests: LabelRequest[] = [];
    const owners: { el: HTMLElement; slot: Slot; actor: OverlayActor; kind: LabelRequest['kind'] }[] = [];
    for (const actor of actors) {
      const slot = this.slotFor(actor);
      // A name hidden last frame is laid out again (a hidden element measures 0 x 0); it is
      // hidden again below, in this same frame, if it still has to make way.
      if (slot.name.style.display === 'none') slot.name.style.display = '';
      this.updateName(slot, actor);
      const nameSize = (slot.size.name ??= measure(slot.name));
      requests.push({ id: actor.id, kind: 'name', anchor: { x: actor.feet.x * k, y: actor.feet.y * k }, ...nameSize });
      owners.push({ el: slot.name, slot, actor, kind: 'name' });
      if (actor.speech) {
        this.updateSpeech(slot, actor);
        const size = (slot.size.speech ??= measure(slot.speech));
        requests.push({ id: actor.id, kind: 'bubble', anchor: { x: actor.head.x * k, y: actor.head.y * k }, ...size, priority: 2 });
        owners.push({ el: slot.speech, slot, actor, kind: 'bubble' });
        const s = actor.speech;
        const left = s.durationMs > 0 ? Math.min(1, Math.max(0, 1 - (now - s.startedAt) / s.durationMs)) : 1;
        slot.speechBar.style.transform = `scaleX(${left.toFixed(3)})`;
      } else if (slot.speechKey) {
        slot.speechKey = '';
        slot.speech.style.display = 'none';
      }
      if (actor.thinking) {
        if (slot.thought.style.display === 'none') {
          slot.thought.style.display = '';
          slot.size.thought = null;
        }
        const size = (slot.size.thought ??= measure(slot.thought));
        requests.push({ id: actor.id, kind: 'thought', anchor: { x: actor.head.x * k, y: actor.head.y * k }, ...size, priority: 1 });
        owners.push({ el: slot.thought, slot, actor, kind: 'thought' });
      } else {
        slot.thought.style.display = 'none';
      }
    }
    const placed = placeLabels(requests, { w: this.width, h: this.height });
    // What action labels must keep clear of (`followActions` runs after this).
    this.labelBoxes = placed.filter((box) => !box.hidden);
    placed.forEach((box, i) => {
      const { el, slot, actor, kind } = owners[i]!;
      if (kind === 'name') {
        // Made way for a bubble on a crowded small stage (see placeLabels).
        const display = box.hidden ? 'none' : '';
        if (el.style.display !== display) el.style.display = display;
      }
      move(slot, el, box.x, box.y);
      if (kind !== 'name') {
        const headX = actor.head.x * k;
        const below = box.y > actor.head.y * k;
        el.classList.toggle('below', below);
        if (kind === 'bubble') slot.tail.style.setProperty('--tail', `${Math.round(Math.min(box.w - 14, Math.max(14, headX - box.x)))}px`);
      }
    });
  }

  /** A reaction emoji over a character's head (content the model chose, so an emoji). */
  pop(emoji: string, head: { x: number; y: number }, stage: { w: number }): void {
    if (!this.width || !stage.w) return;
    const k = this.width / stage.w;
    const el = document.createElement('div');
    el.className = 'pt-pop';
    el.textContent = emoji;
    el.style.transform = `translate(${Math.round(head.x * k + 6)}px, ${Math.round(head.y * k - 30)}px)`;
    this.root.append(el);
    el.addEventListener('animationend', () => el.remove(), { once: true });
    setTimeout(() => el.remove(), 3_000);
  }

  /** The boxes the last `render` placed (names, bubbles, thoughts), in overlay px. */
  private labelBoxes: Box[] = [];

  /** Action labels per character: the one showing, and those waiting their turn. */
  private acts = new Map<string, { el: HTMLDivElement | null; queue: string[]; shownAt: number; w: number; h: number }>();

  /**
   * A short label under a character for a moment: what it just did ("🔭 looks through the
   * telescope"). Under the feet, so it never covers the speech bubble above the head; one at a
   * time per character (a turn's second action waits until the first was read).
   */
  action(id: string, text: string): void {
    const slot = this.acts.get(id) ?? { el: null, queue: [], shownAt: 0, w: 0, h: 0 };
    slot.queue.push(text);
    this.acts.set(id, slot);
  }

  /** Show queued labels and keep them under their characters (called every frame). */
  followActions(feet: Map<string, { x: number; y: number }>, stage: { w: number }, now: number): void {
    const k = this.width && stage.w ? this.width / stage.w : 0;
    const taken: Box[] = [...this.labelBoxes];
    for (const [id, slot] of this.acts) {
      const at = feet.get(id);
      if (slot.queue.length && (!slot.el || now - slot.shownAt > ACTION_READ_MS)) {
        slot.el?.remove();
        const el = document.createElement('div');
        el.className = 'pt-act';
        el.dataset.testid = 'stage-action';
        el.textContent = slot.queue.shift()!;
        el.addEventListener('animationend', () => el.remove(), { once: true });
        this.root.append(el);
        slot.el = el;
        slot.shownAt = now;
        // Measured once, while it shows: a label hidden to make way measures 0.
        slot.w = el.offsetWidth;
        slot.h = el.offsetHeight;
      }
      if (slot.el && (!slot.el.isConnected || now - slot.shownAt > ACTION_SHOW_MS)) {
        slot.el.remove();
        slot.el = null;
      }
      if (slot.el && at && k) {
        // Under the feet, placed like a name tag among what `render` placed (names, bubbles) and the
        // other action labels, so it covers none of them; hidden for the moment when nothing is free.
        const request = {
          id,
          kind: 'name' as const,
          anchor: { x: at.x * k, y: at.y * k + ACTION_BELOW_FEET_PX },
          w: slot.w,
          h: slot.h,
        };
        const box = placeLabels([request], { w: this.width, h: this.height }, taken)[0]!;
        const free = !taken.some((other) => overlaps(other, box));
        const display = free ? '' : 'none';
        if (slot.el.style.display !== display) slot.el.style.display = display;
        if (free) taken.push(box);
        slot.el.style.transform = `translate(${Math.round(box.x)}px, ${Math.round(box.y)}px)`;
      }
      if (!slot.el && !slot.queue.length) this.acts.delete(id);
    }
  }

  destroy(): void {
    this.resize?.disconnect();
    this.resize = null;
    this.clear();
    this.root.remove();
  }

  private slotFor(actor: OverlayActor): Slot {
    let slot = this.slots.get(actor.id);
    if (slot) return slot;
    const name = div('pt-name');
    name.dataset.testid = 'stage-name';
    name.dataset.id = actor.id;
    name.style.setProperty('--c', actor.colour);
    const speech = div('pt-speech');
    speech.dataset.testid = 'stage-bubble';
    speech.dataset.id = actor.id;
    speech.style.setProperty('--c', actor.colour);
    speech.style.setProperty('--n', actor.inkColour);
    speech.style.display = 'none';
    const head = document.createElement('div');
    head.className = 'head';
    const speechHead = document.createElement('span');
    const speechEmoji = document.createElement('span');
    speechEmoji.className = 'emoji';
    head.append(speechHead, speechEmoji);
    const speechText = document.createElement('p');
    speechText.className = 'text';
    const bar = div('bar');
    const speechBar = document.createElement('i');
    bar.append(speechBar);
    const tail = document.createElement('span');
    tail.className = 'pt-tail';
    speech.append(head, speechText, bar, tail);
    const thought = div('pt-thought');
    thought.dataset.testid = 'stage-thought';
    thought.append(document.createElement('i'), document.createElement('i'), document.createElement('i'));
    thought.style.display = 'none';
    this.root.append(name, thought, speech);
    slot = {
      name,
      speech,
      speechHead,
      speechEmoji,
      speechText,
      speechBar,
      tail,
      thought,
      nameKey: '',
      speechKey: '',
      size: { name: null, speech: null, thought: null },
      pos: new Map(),
    };
    this.slots.set(actor.id, slot);
    return slot;
  }

  private updateName(slot: Slot, actor: OverlayActor): void {
    const speaking = actor.speech !== null;
    const key = `${actor.name}|${actor.endRequested}|${speaking}`;
    if (key === slot.nameKey) return;
    slot.nameKey = key;
    slot.name.textContent = actor.name;
    slot.name.classList.toggle('speaking', speaking);
    if (actor.endRequested) {
      const mark = document.createElement('span');
      mark.className = 'wrap';
      mark.title = 'ready to wrap up';
      slot.name.append(mark);
    }
    slot.size.name = null;
  }

  private updateSpeech(slot: Slot, actor: OverlayActor): void {
    const s = actor.speech!;
    const key = `${s.text}|${s.recipientName}|${s.emoji}`;
    if (key === slot.speechKey) return;
    slot.speechKey = key;
    slot.speechHead.textContent = s.recipientName ? `${actor.name} → ${s.recipientName}` : actor.name;
    slot.speechEmoji.textContent = s.emoji;
    slot.speechText.textContent = s.text;
    slot.speech.style.display = '';
    slot.size.speech = null;
  }
}

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}

function measure(el: HTMLElement): Size {
  return { w: el.offsetWidth, h: el.offsetHeight };
}

function move(slot: Slot, el: HTMLElement, x: number, y: number): void {
  const value = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  if (slot.pos.get(el) === value) return;
  slot.pos.set(el, value);
  el.style.transform = value;
}
