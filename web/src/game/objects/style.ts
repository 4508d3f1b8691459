/** Shared sizes for the stage. */

/** Screen pixels per art pixel. */
export const SCALE = 3;
