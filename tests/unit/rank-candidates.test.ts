// Unit tests for ranking matched workers (src/marketplace/matching/rank-candidates.ts):
// score = 0.35 distance + 0.35 reliability + 0.15 availability fit + 0.15 freshness, and one place kept for a newcomer.
import { describe, expect, it } from 'vitest';
import { rankCandidates, reliabilityOf, scoreOf, WEIGHTS, type Candidate } from '../../src/marketplace/matching/rank-candidates.js';

const NOW = new Date('2026-12-04T10:00:00Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

/** A newcomer (no ratings, no jobs) at the job's door, free exactly for the shift, active right now; override any part. */
function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    workerContactId: 1,
    distanceKm: 0,
    radiusKm: 10,
    availabilityFit: 1,
    ratingCount: 0,
    ratingSum: 0,
    recentNoShows: 0,
    jobsDone: 0,
    lastActiveAt: NOW,
    ...overrides,
  };
}

/** A worker with a history: ten 5-star ratings and ten jobs done. */
const veteran = (id: number, distanceKm: number) => candidate({ workerContactId: id, distanceKm, ratingCount: 10, ratingSum: 50, jobsDone: 10 });
/** A worker with no history yet. */
const newcomer = (id: number, distanceKm: number) => candidate({ workerContactId: id, distanceKm });

const ids = (ranked: readonly { workerContactId: number }[]) => ranked.map((c) => c.workerContactId);

describe('reliabilityOf', () => {
  it('when a worker has no ratings, then they start at the prior: 0.75', () => {
    expect(reliabilityOf({ ratingCount: 0, ratingSum: 0, recentNoShows: 0 })).toBeCloseTo(0.75, 10);
  });

  it('when a worker has five 5-star ratings, then the mean is (20 + 25) / 10 = 4.5, so 0.875', () => {
    expect(reliabilityOf({ ratingCount: 5, ratingSum: 25, recentNoShows: 0 })).toBeCloseTo(0.875, 10);
  });

  it('when a worker has many 5-star ratings, then reliability approaches 1 but does not exceed it', () => {
    const r = reliabilityOf({ ratingCount: 995, ratingSum: 4975, recentNoShows: 0 });
    expect(r).toBeCloseTo((5 * 4 + 4975) / 1000 / 4 - 0.25, 10);
    expect(r).toBeGreaterThan(0.99);
    expect(r).toBeLessThanOrEqual(1);
  });

  it('when a worker has many 1-star ratings, then reliability falls towards 0 and stays at or above it', () => {
    const r = reliabilityOf({ ratingCount: 95, ratingSum: 95, recentNoShows: 0 });
    // (20 + 95) / 100 = 1.15, scaled (1.15 - 1) / 4.
    expect(r).toBeCloseTo(0.0375, 10);
    expect(reliabilityOf({ ratingCount: 10_000, ratingSum: 10_000, recentNoShows: 0 })).toBeGreaterThanOrEqual(0);
  });

  it('when a worker had a no-show, then reliability drops by 0.25 per no-show', () => {
    expect(reliabilityOf({ ratingCount: 0, ratingSum: 0, recentNoShows: 1 })).toBeCloseTo(0.5, 10);
    expect(reliabilityOf({ ratingCount: 5, ratingSum: 25, recentNoShows: 2 })).toBeCloseTo(0.375, 10);
  });

  it('when no-shows would take reliability below 0, then it is 0', () => {
    expect(reliabilityOf({ ratingCount: 0, ratingSum: 0, recentNoShows: 4 })).toBe(0);
    expect(reliabilityOf({ ratingCount: 20, ratingSum: 20, recentNoShows: 1 })).toBe(0);
  });
});

describe('scoreOf', () => {
  const { distance: D, reliability: R, fit: F, freshness: N } = WEIGHTS;
  // A newcomer's reliability part: the weight times 0.75.
  const RELIABILITY_PART = R * 0.75;

  it('when the weights are read, then they are 0.35, 0.35, 0.15 and 0.15 and add up to 1', () => {
    expect(WEIGHTS).toEqual({ distance: 0.35, reliability: 0.35, fit: 0.15, freshness: 0.15 });
    expect(D + R + F + N).toBeCloseTo(1, 12);
  });

  it('when the worker is at the job, free exactly for it and active now, then distance, fit and freshness are full', () => {
    expect(scoreOf(candidate(), NOW)).toBeCloseTo(D + RELIABILITY_PART + F + N, 10);
  });

  it('when the job is at the edge of the worker radius, then the distance part is 0', () => {
    expect(scoreOf(candidate({ distanceKm: 10, radiusKm: 10 }), NOW)).toBeCloseTo(RELIABILITY_PART + F + N, 10);
  });

  it('when the job is halfway to the edge, then the distance part is half', () => {
    expect(scoreOf(candidate({ distanceKm: 5, radiusKm: 10 }), NOW)).toBeCloseTo(D / 2 + RELIABILITY_PART + F + N, 10);
  });

  it('when the job is beyond the worker radius, then the distance part is 0, not negative', () => {
    expect(scoreOf(candidate({ distanceKm: 15, radiusKm: 10 }), NOW)).toBeCloseTo(RELIABILITY_PART + F + N, 10);
  });

  it('when the shift fills a quarter of the hours the worker keeps free that day, then the fit part is a quarter', () => {
    expect(scoreOf(candidate({ availabilityFit: 0.25 }), NOW)).toBeCloseTo(D + RELIABILITY_PART + F / 4 + N, 10);
  });

  it('when the fit is out of range (below 0 or above 1), then it counts as 0 or 1', () => {
    expect(scoreOf(candidate({ availabilityFit: -1 }), NOW)).toBeCloseTo(D + RELIABILITY_PART + N, 10);
    expect(scoreOf(candidate({ availabilityFit: 3 }), NOW)).toBeCloseTo(scoreOf(candidate(), NOW), 10);
  });

  it('when the worker was last active 14 days ago, then freshness is halved; 28 days ago, quartered', () => {
    expect(scoreOf(candidate({ lastActiveAt: daysAgo(14) }), NOW)).toBeCloseTo(D + RELIABILITY_PART + F + N / 2, 10);
    expect(scoreOf(candidate({ lastActiveAt: daysAgo(28) }), NOW)).toBeCloseTo(D + RELIABILITY_PART + F + N / 4, 10);
    expect(scoreOf(candidate({ lastActiveAt: daysAgo(7) }), NOW)).toBeCloseTo(D + RELIABILITY_PART + F + N * Math.SQRT1_2, 10);
  });

  it('when the last activity is unknown (null), then freshness is that of a long-idle worker: finite, low, and below 28 days idle', () => {
    const unknown = scoreOf(candidate({ lastActiveAt: null }), NOW);
    expect(Number.isFinite(unknown)).toBe(true);
    // The code treats it as 60 days idle.
    expect(unknown).toBeCloseTo(D + RELIABILITY_PART + F + N * 0.5 ** (60 / 14), 10);
    expect(unknown).toBeLessThan(scoreOf(candidate({ lastActiveAt: daysAgo(28) }), NOW));
    expect(unknown).toBeGreaterThan(D + RELIABILITY_PART + F);
  });

  it('when the last activity is after now (clock skew), then freshness is full, not above', () => {
    expect(scoreOf(candidate({ lastActiveAt: new Date(NOW.getTime() + DAY_MS) }), NOW)).toBeCloseTo(D + RELIABILITY_PART + F + N, 10);
  });

  it('when reliability is high, then it adds its weight times reliability', () => {
    const c = candidate({ ratingCount: 5, ratingSum: 25 });
    expect(scoreOf(c, NOW)).toBeCloseTo(D + R * 0.875 + F + N, 10);
  });
});

describe('rankCandidates', () => {
  it('when candidates differ in score, then they come best first, each with its score and reliability', () => {
    const far = veteran(1, 8);
    const near = veteran(2, 1);
    const middle = veteran(3, 4);
    const ranked = rankCandidates([far, near, middle, newcomer(4, 0.5)], NOW, 10);
    expect(ids(ranked)).toEqual([2, 4, 3, 1]);
    for (const r of ranked) {
      expect(r.score).toBeCloseTo(scoreOf(r, NOW), 12);
      expect(r.reliability).toBeCloseTo(reliabilityOf(r), 12);
    }
    expect(ranked[0]!.reliability).toBeCloseTo((20 + 50) / 15 / 4 - 0.25, 10);
  });

  it('when two workers are alike but one keeps that day free exactly for the shift, then that one comes first', () => {
    const allDay = candidate({ workerContactId: 1, distanceKm: 2, availabilityFit: 6 / 14 });
    const exact = candidate({ workerContactId: 2, distanceKm: 2, availabilityFit: 1 });
    expect(ids(rankCandidates([allDay, exact], NOW, 10))).toEqual([2, 1]);
  });

  it('when two candidates tie on score, then the nearer comes first', () => {
    // 5 of 10 km and 10 of 20 km are both halfway: the same score.
    const a = candidate({ workerContactId: 1, distanceKm: 10, radiusKm: 20 });
    const b = candidate({ workerContactId: 2, distanceKm: 5, radiusKm: 10 });
    expect(scoreOf(a, NOW)).toBe(scoreOf(b, NOW));
    expect(ids(rankCandidates([a, b], NOW, 10))).toEqual([2, 1]);
  });

  it('when candidates tie on score and distance, then the lower id comes first, whatever the input order', () => {
    const same = (id: number) => candidate({ workerContactId: id, distanceKm: 3 });
    expect(ids(rankCandidates([same(30), same(10), same(20)], NOW, 10))).toEqual([10, 20, 30]);
    expect(ids(rankCandidates([same(20), same(30), same(10)], NOW, 10))).toEqual([10, 20, 30]);
  });

  it('when there are more candidates than the limit, then only the best `limit` come back', () => {
    const pool = [veteran(1, 1), veteran(2, 2), veteran(3, 3), newcomer(4, 0), veteran(5, 5)];
    expect(ids(rankCandidates(pool, NOW, 3))).toEqual([1, 4, 2]);
  });

  it('when there are fewer candidates than the limit, then all come back; when the limit is 0, none', () => {
    expect(ids(rankCandidates([veteran(1, 1), veteran(2, 2)], NOW, 5))).toEqual([1, 2]);
    expect(rankCandidates([veteran(1, 1)], NOW, 0)).toEqual([]);
    expect(rankCandidates([], NOW, 5)).toEqual([]);
  });

  it('when the top places hold no newcomer, then the best newcomer replaces the last place', () => {
    const pool = [veteran(1, 1), veteran(2, 2), veteran(3, 3), veteran(4, 4), newcomer(5, 9), newcomer(6, 8)];
    // By score alone the top 3 would be 1, 2, 3; newcomer 6 is nearer than 5, so it is the better one.
    expect(ids(rankCandidates(pool, NOW, 3))).toEqual([1, 2, 6]);
    expect(ids(rankCandidates(pool, NOW, 4))).toEqual([1, 2, 3, 6]);
    expect(ids(rankCandidates(pool, NOW, 2))).toEqual([1, 6]);
  });

  it('when the limit is below 2, then no place is kept for a newcomer', () => {
    const pool = [veteran(1, 1), veteran(2, 2), newcomer(3, 9)];
    expect(ids(rankCandidates(pool, NOW, 1))).toEqual([1]);
  });

  it('when a newcomer is already in the top places, then the order is left as it is', () => {
    const pool = [veteran(1, 1), newcomer(2, 1), veteran(3, 3), veteran(4, 4), newcomer(5, 9)];
    expect(ids(rankCandidates(pool, NOW, 3))).toEqual([1, 2, 3]);
  });

  it('when a worker has done jobs but has no ratings yet, then they are not a newcomer', () => {
    const unrated = candidate({ workerContactId: 9, distanceKm: 9, jobsDone: 2 });
    const rated = candidate({ workerContactId: 8, distanceKm: 9, ratingCount: 1, ratingSum: 1 });
    const pool = [veteran(1, 1), veteran(2, 2), veteran(3, 3), unrated, rated];
    expect(ids(rankCandidates(pool, NOW, 2))).toEqual([1, 2]);
  });

  it('when every candidate is a newcomer, then ranking is by score alone', () => {
    const pool = [newcomer(1, 5), newcomer(2, 1), newcomer(3, 3)];
    expect(ids(rankCandidates(pool, NOW, 2))).toEqual([2, 3]);
  });
});
