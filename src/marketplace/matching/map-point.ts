// Where a worker or a job is on the matching index: a flat projection of the map in which one unit is a
// degree of latitude (111.32 km) both ways, so the index's nearest-first order is the order by km to within
// metres at the distances people travel for a shift (x = longitude * cos(latitude), y = latitude).
export const KM_PER_UNIT = 111.32;

export interface MapPoint {
  x: number;
  y: number;
}

export function mapPoint(lat: number, lng: number): MapPoint {
  return { x: lng * Math.cos((lat * Math.PI) / 180), y: lat };
}

/** The point as PostgreSQL reads it. */
export const pointText = ({ x, y }: MapPoint): string => `(${x},${y})`;
