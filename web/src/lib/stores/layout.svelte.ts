export type Layout = 'side' | 'bottom';

const KEY = 'pixeltales.layout';

/** Side or bottom panels, remembered across visits (localStorage may be unavailable). */
export class LayoutStore {
  layout = $state<Layout>('side');

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage()) {
    const saved = this.storage?.getItem(KEY);
    if (saved === 'side' || saved === 'bottom') this.layout = saved;
  }

  set(layout: Layout): void {
    this.layout = layout;
    try {
      this.storage?.setItem(KEY, layout);
    } catch {
      // Private mode or full storage: the choice lasts for this visit only.
    }
  }

  toggle(): void {
    this.set(this.layout === 'side' ? 'bottom' : 'side');
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
