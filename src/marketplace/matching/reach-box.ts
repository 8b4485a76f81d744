// The box (longitude, latitude in degrees) around the circle a worker travels: the GiST key of the matching index.
const KM_PER_DEGREE = 111.32;

export function reachBox(lat: number, lng: number, radiusKm: number): string {
  const dLat = radiusKm / KM_PER_DEGREE;
  // Near the poles a degree of longitude shrinks to nothing: cap the width at the whole circle of longitude.
  const dLng = Math.min(180, radiusKm / (KM_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01)));
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return `(${round(lng - dLng)},${round(lat - dLat)}),(${round(lng + dLng)},${round(lat + dLat)})`;
}
