// Unit tests for the pure fuzzy matcher: normalisation, bounded edit distance and each findBest rule.
import { describe, expect, it } from 'vitest';
import { editDistance, findBest, normaliseText, type Match } from '../../src/conversation/answers/fuzzy-match.js';

interface Entry {
  id: string;
  names: string[];
}

const entry = (id: string, ...names: string[]): Entry => ({ id, names });
const namesOf = (item: Entry): readonly string[] => item.names;

/** The match with items reduced to their ids, so expectations stay short. */
function ids(match: Match<Entry>): { kind: string; id?: string; exact?: boolean; ids?: string[] } {
  if (match.kind === 'found') return { kind: 'found', id: match.item.id, exact: match.exact };
  if (match.kind === 'ambiguous') return { kind: 'ambiguous', ids: match.items.map((item) => item.id) };
  return { kind: 'none' };
}

const best = (text: string, items: readonly Entry[]) => ids(findBest(text, items, namesOf));

describe('normaliseText', () => {
  it('when text has accents, case, punctuation and runs of spaces, then it is plain lowercase words', () => {
    expect(normaliseText('Cafetería  Sol!')).toBe('cafeteria sol');
    expect(normaliseText('  Gràcia-Sant\tMartí,\n  NIÑERA ')).toBe('gracia sant marti ninera');
  });

  it('when text has digits, then they are kept', () => {
    expect(normaliseText('Calle 28, piso 3')).toBe('calle 28 piso 3');
  });

  it('when text is only emoji, punctuation or blank, then it is empty', () => {
    expect(normaliseText('👍🏽🎉')).toBe('');
    expect(normaliseText('?!... --')).toBe('');
    expect(normaliseText('')).toBe('');
  });

  it('when text is already normalised, then it is unchanged', () => {
    expect(normaliseText('puente de vallecas')).toBe('puente de vallecas');
  });
});

describe('editDistance', () => {
  it('when the strings are equal, then the distance is 0', () => {
    expect(editDistance('waiter', 'waiter', 2)).toBe(0);
    expect(editDistance('', '', 0)).toBe(0);
  });

  it('when insertions, deletions and substitutions are needed, then each counts one', () => {
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('bartendr', 'bartender', 2)).toBe(1);
    expect(editDistance('limpiesa', 'limpieza', 2)).toBe(1);
  });

  it('when two adjacent letters are swapped, then that counts one, not two', () => {
    expect(editDistance('wiater', 'waiter', 2)).toBe(1);
    expect(editDistance('abcdef', 'badcfe', 5)).toBe(3);
  });

  it('when a swapped pair is also edited, then it is optimal string alignment, not full Damerau', () => {
    // Full Damerau-Levenshtein gives 2 ("ca" -> "ac" -> "abc"); OSA never edits inside a swapped pair.
    expect(editDistance('ca', 'abc', 5)).toBe(3);
  });

  it('when one string is empty, then the distance is the other length', () => {
    expect(editDistance('', 'abc', 5)).toBe(3);
    expect(editDistance('abc', '', 5)).toBe(3);
  });

  it('when the distance exceeds max, then max + 1 is returned', () => {
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('ab', 'ba', 0)).toBe(1);
  });

  it('when max is Infinity, then the full distance is returned', () => {
    expect(editDistance('abcdef', 'uvwxyz', Infinity)).toBe(6);
  });

  it('when max is negative or NaN, then it counts as 0', () => {
    expect(editDistance('a', 'b', -1)).toBe(1);
    expect(editDistance('a', 'a', -1)).toBe(0);
    expect(editDistance('a', 'b', Number.NaN)).toBe(1);
  });

  it('when the arguments are swapped, then the distance is the same', () => {
    for (const [a, b] of [['camarero', 'camrareo'], ['ca', 'abc'], ['sol', 'soleado']] as const) {
      expect(editDistance(a, b, 10)).toBe(editDistance(b, a, 10));
    }
  });

  it('when the strings are 5,000 characters long and max is small, then it answers at once', () => {
    const long = 'ab'.repeat(2500);
    const started = performance.now();
    expect(editDistance(long, 'ba'.repeat(2500), 2)).toBe(2);
    expect(editDistance(long, `${long.slice(0, -1)}x`, 2)).toBe(1);
    expect(editDistance(long, 'x'.repeat(5000), 2)).toBe(3);
    expect(editDistance(long, 'a', 2)).toBe(3);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('findBest', () => {
  const fruit = [
    entry('apple', 'Apple', 'manzana'),
    entry('pear', 'Pear'),
    entry('pearl', 'Pearl'),
    entry('lime', 'Lime'),
    entry('lima', 'Lima'),
    entry('lemon', 'Lemon', 'limón'),
    entry('glass', 'Glass'),
    entry('glasses', 'Glasses'),
    entry('bar', 'Bar'),
    entry('hotel', 'Hotel'),
  ];

  it('when the input equals a name after normalising, then that item is found, exact', () => {
    expect(best('LIMÓN', fruit)).toEqual({ kind: 'found', id: 'lemon', exact: true });
    expect(best('  manzana! ', fruit)).toEqual({ kind: 'found', id: 'apple', exact: true });
  });

  it('when one name is exact and another is a typo away, then the exact one wins', () => {
    expect(best('lime', fruit)).toEqual({ kind: 'found', id: 'lime', exact: true });
    expect(best('pearl', fruit)).toEqual({ kind: 'found', id: 'pearl', exact: true });
  });

  it('when the input is exact and also a plural of another name, then the exact one wins', () => {
    expect(best('glasses', fruit)).toEqual({ kind: 'found', id: 'glasses', exact: true });
  });

  it('when the input is a name plus a plural "s" or "es", then that item is found, not exact', () => {
    expect(best('apples', fruit)).toEqual({ kind: 'found', id: 'apple', exact: false });
    expect(best('hoteles', fruit)).toEqual({ kind: 'found', id: 'hotel', exact: false });
    // Three letters allow no typo, but the plural rule still applies.
    expect(best('bares', fruit)).toEqual({ kind: 'found', id: 'bar', exact: false });
  });

  it('when the input is a plural of one name and a typo of another, then the plural wins', () => {
    expect(best('pears', fruit)).toEqual({ kind: 'found', id: 'pear', exact: false });
  });

  it('when the input is one or two letters plus "s", then it is not read as a plural', () => {
    expect(best('s', [entry('empty', '')])).toEqual({ kind: 'none' });
    expect(best('as', [entry('a', 'a')])).toEqual({ kind: 'none' });
  });

  it('when the input has 3 characters or fewer, then no typo is allowed', () => {
    expect(best('bat', fruit)).toEqual({ kind: 'none' });
    expect(best('br', fruit)).toEqual({ kind: 'none' });
  });

  it('when the input has 4 to 6 characters, then one typo is allowed but not two', () => {
    expect(best('lemn', fruit)).toEqual({ kind: 'found', id: 'lemon', exact: false });
    expect(best('lmeon', fruit)).toEqual({ kind: 'found', id: 'lemon', exact: false });
    expect(best('lxmxn', fruit)).toEqual({ kind: 'none' });
  });

  it('when the input has 7 characters or more, then two typos are allowed but not three', () => {
    expect(best('manzxxa', fruit)).toEqual({ kind: 'found', id: 'apple', exact: false });
    expect(best('mxnzxxa', fruit)).toEqual({ kind: 'none' });
  });

  const jobs = [
    entry('kitchen', 'Kitchen help'),
    entry('moving', 'Moving help'),
    entry('hotdog', 'Hot dog stand'),
    entry('cleaning', 'Cleaning'),
    entry('hotel_cleaning', 'Hotel cleaning'),
  ];

  it('when the input is a whole word of a multi-word name, then that item is found, not exact', () => {
    expect(best('kitchen', jobs)).toEqual({ kind: 'found', id: 'kitchen', exact: false });
    expect(best('stand', jobs)).toEqual({ kind: 'found', id: 'hotdog', exact: false });
  });

  it('when the input is a word of a name with a typo, then the typo allowance applies to the word', () => {
    expect(best('kitchn', jobs)).toEqual({ kind: 'found', id: 'kitchen', exact: false });
  });

  it('when the input has fewer than 4 characters, then it does not match a word of a name', () => {
    expect(best('dog', jobs)).toEqual({ kind: 'none' });
    expect(best('hot', jobs)).toEqual({ kind: 'none' });
  });

  it('when a word matches several items, then the answer is ambiguous, in catalogue order', () => {
    expect(best('help', jobs)).toEqual({ kind: 'ambiguous', ids: ['kitchen', 'moving'] });
  });

  it('when a whole name and a word of another are the same typo distance away, then the whole name wins', () => {
    expect(best('cleening', jobs)).toEqual({ kind: 'found', id: 'cleaning', exact: false });
  });

  it('when different items tie at the best typo distance, then the answer is ambiguous, in catalogue order', () => {
    // "limón" is one letter away too.
    expect(best('limo', fruit)).toEqual({ kind: 'ambiguous', ids: ['lime', 'lima', 'lemon'] });
  });

  it('when different items share an exact name, then the answer is ambiguous', () => {
    const places = [entry('madrid', 'Centro'), entry('cdmx', 'Centro Histórico', 'centro')];
    expect(best('Centro', places)).toEqual({ kind: 'ambiguous', ids: ['madrid', 'cdmx'] });
  });

  it('when several names of one item match equally, then that item is found, not ambiguous', () => {
    expect(best('limo', [entry('citrus', 'Lime', 'Lima')])).toEqual({ kind: 'found', id: 'citrus', exact: false });
  });

  it('when more than 5 items tie, then the first 5 in catalogue order are listed', () => {
    const many = Array.from({ length: 7 }, (_, index) => entry(`centro_${index}`, 'Centro'));
    expect(best('centro', many)).toEqual({ kind: 'ambiguous', ids: ['centro_0', 'centro_1', 'centro_2', 'centro_3', 'centro_4'] });
  });

  it('when the input is longer than 100 characters, then nothing is found, even an exact name', () => {
    const hundred = 'a'.repeat(100);
    const longer = 'a'.repeat(101);
    expect(best(hundred, [entry('hundred', hundred)])).toEqual({ kind: 'found', id: 'hundred', exact: true });
    expect(best(longer, [entry('longer', longer)])).toEqual({ kind: 'none' });
  });

  it('when nothing is close, then nothing is found', () => {
    expect(best('qwertyuiop', fruit)).toEqual({ kind: 'none' });
    expect(best('apple', [])).toEqual({ kind: 'none' });
  });

  it('when a name normalises to nothing, then it never matches', () => {
    expect(best('', [entry('blank', '!!!', '')])).toEqual({ kind: 'none' });
  });

  it('when the input is emoji, blank, punctuation, control characters or 5,000 characters, then it is none and never throws', () => {
    const odd = ['👍', '🎉🎉🎉', '', '   ', '?!', '\u0000\uD800', 'x'.repeat(5000), '🙂'.repeat(2500)];
    for (const text of odd) expect(best(text, fruit)).toEqual({ kind: 'none' });
  });
});
