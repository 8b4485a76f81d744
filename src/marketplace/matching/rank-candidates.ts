// Ranking the workers a job's query found: pure, so every weight and edge is a unit test.
//
// score = 0.35 distance + 0.35 reliability + 0.15 availability fit + 0.15 freshness, each in [0, 1]:
// - distance: 1 at the job's door, 0 at the edge of the worker's own travel radius;
// - reliability: a Bayesian average of 1-5 ratings with a prior of 5 ratings of 4.0, so a newcomer starts
//   at a fair 0.75 rather than 0 (R = (5 * 4.0 + sum) / (5 + n), scaled (R - 1) / 4), less 0.25 per
//   no-show in the last 90 days;
// - availability fit: the shift's hours over the hours the worker keeps free that day (a worker who is
//   free exactly for the shift fits it best; one free all day fits it too, less pointedly);
// - freshness: how recently the worker was active (halves every 14 days).
// One of the offered places is kept for a worker with no history yet, so newcomers get a first chance.

export interface Candidate {
  workerContactId: number;
  distanceKm: number;
  radiusKm: number;
  /** The shift's hours over the worker's free hours on its day(s), in [0, 1]. */
  availabilityFit: number;
  ratingCount: number;
  ratingSum: number;
  recentNoShows: number;
  jobsDone: number;
  lastActiveAt: Date | null;
}

export interface Ranked extends Candidate {
  score: number;
  reliability: number;
}

export const PRIOR_RATINGS = 5;
export const PRIOR_MEAN = 4.0;
export const WEIGHTS = { distance: 0.35, reliability: 0.35, fit: 0.15, freshness: 0.15 } as const;

export function reliabilityOf(c: Pick<Candidate, 'ratingCount' | 'ratingSum' | 'recentNoShows'>): number {
  const mean = (PRIOR_RATINGS * PRIOR_MEAN + c.ratingSum) / (PRIOR_RATINGS + c.ratingCount);
  return Math.max(0, (mean - 1) / 4 - 0.25 * c.recentNoShows);
}

const DAY_MS = 86_400_000;

export function scoreOf(c: Candidate, now: Date): number {
  const distance = c.radiusKm > 0 ? Math.max(0, 1 - c.distanceKm / c.radiusKm) : 0;
  const idleDays = c.lastActiveAt === null ? 60 : Math.max(0, (now.getTime() - c.lastActiveAt.getTime()) / DAY_MS);
  const freshness = 0.5 ** (idleDays / 14);
  const fit = Math.min(1, Math.max(0, c.availabilityFit));
  return WEIGHTS.distance * distance + WEIGHTS.reliability * reliabilityOf(c) + WEIGHTS.fit * fit + WEIGHTS.freshness * freshness;
}

export const isNewcomer = (c: Pick<Candidate, 'ratingCount' | 'jobsDone'>) => c.ratingCount === 0 && c.jobsDone === 0;

/** The best `limit` candidates, best first; ties go to the nearer, then the lower id (a stable order). */
export function rankCandidates(candidates: readonly Candidate[], now: Date, limit: number): Ranked[] {
  const ranked = candidates
    .map((c) => ({ ...c, score: scoreOf(c, now), reliability: reliabilityOf(c) }))
    .sort((a, b) => b.score - a.score || a.distanceKm - b.distanceKm || a.workerContactId - b.workerContactId);
  const top = ranked.slice(0, limit);
  if (limit >= 2 && !top.some(isNewcomer)) {
    const newcomer = ranked.slice(limit).find(isNewcomer);
    if (newcomer) top[top.length - 1] = newcomer;
  }
  return top;
}
