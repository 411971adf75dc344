/**
 * The reactions a person may send over a call: a fixed set, so what floats over a tile is never
 * free text from another machine, and each has a name the UI words for screen readers.
 */
export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '😮'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** Each reaction's key for its words (`reactions.names.<key>` in the renderer's messages). */
export const REACTION_NAMES: Readonly<Record<Reaction, string>> = {
  '👍': 'thumbsUp',
  '👏': 'clap',
  '😂': 'laugh',
  '❤️': 'heart',
  '🎉': 'party',
  '😮': 'surprised',
};

/** Reactions accepted from one person in a burst; more are dropped until the bucket refills. */
export const REACTION_BURST = 4;
/** One more reaction is accepted from a person after each such interval. */
export const REACTION_REFILL_MS = 1_000;
