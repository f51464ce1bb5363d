/** What the user set and expects to find again next time: kept in the page's local storage. */
export interface SettingsValues {
  /** After a flag or a rating the cursor moves on to the next photo (Photo Mechanic's and Lightroom's auto-advance). */
  autoAdvance: boolean;
  /** The grid's target tile width in CSS pixels. */
  tileSize: number;
}

export const DEFAULT_SETTINGS: SettingsValues = { autoAdvance: true, tileSize: 196 };
export const TILE_SIZES = { min: 120, max: 360 } as const;

const KEY = 'winnow.settings';

export class Settings {
  autoAdvance = $state(DEFAULT_SETTINGS.autoAdvance);
  tileSize = $state(DEFAULT_SETTINGS.tileSize);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null) {
    const saved = this.read();
    this.autoAdvance = typeof saved.autoAdvance === 'boolean' ? saved.autoAdvance : DEFAULT_SETTINGS.autoAdvance;
    this.tileSize = typeof saved.tileSize === 'number' && Number.isFinite(saved.tileSize) ? clampTile(saved.tileSize) : DEFAULT_SETTINGS.tileSize;
  }

  setAutoAdvance(on: boolean): void {
    this.autoAdvance = on;
    this.save();
  }

  setTileSize(px: number): void {
    this.tileSize = clampTile(px);
    this.save();
  }

  private read(): Partial<SettingsValues> {
    try {
      const raw = this.storage?.getItem(KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' ? (parsed as Partial<SettingsValues>) : {};
    } catch {
      return {}; // a damaged entry falls back to the defaults
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify({ autoAdvance: this.autoAdvance, tileSize: this.tileSize } satisfies SettingsValues));
    } catch {
      // Storage full or refused (a private window): the setting holds for this session only.
    }
  }
}

function clampTile(px: number): number {
  return Math.round(Math.min(TILE_SIZES.max, Math.max(TILE_SIZES.min, px)));
}
