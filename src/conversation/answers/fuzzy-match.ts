// Forgiving matching of a typed answer against a catalogue (typos, accents, plurals); pure, no I/O.

/** Longer answers are chat, not a pick from a list; comparing them would only cost time. */
const MAX_INPUT_LENGTH = 100;
/** The most items an ambiguous answer lists: enough to ask "which one?" in one message. */
const MAX_AMBIGUOUS = 5;
/** Whole-word matches on shorter input would hit "de", "la", "bar" inside unrelated names. */
const MIN_WORD_MATCH_LENGTH = 4;

export type Match<T> = { kind: 'found'; item: T; exact: boolean } | { kind: 'ambiguous'; items: T[] } | { kind: 'none' };

/** Lowercase, no accents or other marks, anything but letters and digits as single spaces, trimmed. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, swaps of adjacent
 * characters), or max + 1 as soon as it must exceed max. Only the diagonal band |i - j| <= max is
 * computed, so long strings cost O(length x max). A negative or NaN max counts as 0.
 */
export function editDistance(a: string, b: string, max: number): number {
  const limit = max >= 0 ? Math.floor(max) : 0;
  const over = limit + 1;
  if (a === b) return 0;
  // The distance is symmetric; keeping the shorter string on the columns keeps the rows short.
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const n = long.length;
  const m = short.length;
  if (n - m > limit) return over;
  if (m === 0) return n;

  // Three rows (the swap looks two back). Cells outside the band are at least |i - j| > limit, so
  // they hold "over"; only the cells just outside each row's band are ever read, and those are set.
  // Float64Array holds "over" even when max is Infinity, and is cheap to allocate.
  let beforePrevious = new Float64Array(m + 1).fill(over);
  let previous = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) previous[j] = j <= limit ? j : over;
  let current = new Float64Array(m + 1);

  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(m, i + limit);
    current[from - 1] = from === 1 ? Math.min(i, over) : over;
    if (to < m) current[to + 1] = over;
    let rowMin = current[from - 1]!;
    const ci = long.charCodeAt(i - 1);
    const ciBefore = i > 1 ? long.charCodeAt(i - 2) : -1;
    for (let j = from; j <= to; j++) {
      const cj = short.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ci === cj ? 0 : 1));
      if (j > 1 && ci === short.charCodeAt(j - 2) && ciBefore === cj) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every alignment passes through each row (a swap's cell is never below the diagonal cell it
    // skips), so once a whole row is over the limit the final distance is too.
    if (rowMin > limit) return over;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  const distance = previous[m]!;
  return distance > limit ? over : distance;
}

/** Typos forgiven grow with length: none on short words, where one letter makes another word. */
function allowedTypos(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

/** The input without a trailing plural "s" or "es" ("camareros", "hoteles"); stems of one letter are useless. */
function singularForms(input: string): string[] {
  const forms: string[] = [];
  if (input.endsWith('es') && input.length - 2 >= 2) forms.push(input.slice(0, -2));
  if (input.endsWith('s') && input.length - 1 >= 2) forms.push(input.slice(0, -1));
  return forms;
}

// Ranks, lower is better: exact, then plural, then typos by distance. At equal distance a match on
// the whole name beats one on a single word of it ("limpiesa" is Cleaning, not "limpieza de hotel").
const RANK_EXACT = 0;
const RANK_PLURAL = 1;
const typoRank = (distance: number, wordOnly: boolean): number => 2 + 2 * distance + (wordOnly ? 1 : 0);

function rankName(input: string, singulars: readonly string[], typos: number, name: string): number {
  if (name === input) return RANK_EXACT;
  if (singulars.includes(name)) return RANK_PLURAL;
  let rank = Infinity;
  const whole = editDistance(input, name, typos);
  if (whole <= typos) rank = typoRank(whole, false);
  if (input.length >= MIN_WORD_MATCH_LENGTH && name.includes(' ')) {
    for (const word of name.split(' ')) {
      const distance = editDistance(input, word, typos);
      if (distance <= typos) rank = Math.min(rank, typoRank(distance, true));
    }
  }
  return rank;
}

/**
 * The item whose name best matches the text: exact, else plural, else within the typos its length
 * allows (whole name, or one word of a multi-word name). Different items tied at the best rank are
 * ambiguous, in catalogue order. Never throws on odd input. "exact" is true for exact equality only,
 * so callers can confirm the rest ("gracias" is a plural of Gràcia).
 */
export function findBest<T>(text: string, items: readonly T[], namesOf: (item: T) => readonly string[]): Match<T> {
  if (typeof text !== 'string' || text.length > MAX_INPUT_LENGTH) return { kind: 'none' };
  const input = normaliseText(text);
  if (input === '') return { kind: 'none' };
  const singulars = singularForms(input);
  const typos = allowedTypos(input.length);

  let bestRank = Infinity;
  let bestItems: T[] = [];
  for (const item of items) {
    let rank = Infinity;
    for (const rawName of namesOf(item)) {
      const name = normaliseText(rawName);
      if (name === '') continue;
      rank = Math.min(rank, rankName(input, singulars, typos, name));
      if (rank === RANK_EXACT) break;
    }
    if (rank === Infinity) continue;
    if (rank < bestRank) {
      bestRank = rank;
      bestItems = [item];
    } else if (rank === bestRank && !bestItems.includes(item)) {
      bestItems.push(item);
    }
  }

  const [only] = bestItems;
  if (only === undefined) return { kind: 'none' };
  if (bestItems.length === 1) return { kind: 'found', item: only, exact: bestRank === RANK_EXACT };
  return { kind: 'ambiguous', items: bestItems.slice(0, MAX_AMBIGUOUS) };
}
