// Workers' and employers' rows as the engine sees them, and back: the one mapping between the two shapes.
import type { EngineContext } from './engine/context.js';

/** A workers row as to_jsonb gives it (snake_case, timestamps as strings). */
export interface WorkerRow {
  name: string;
  skills: string[];
  availability: unknown;
  lat: number;
  lng: number;
  area_label: string;
  radius_km: number;
  min_rate_cents: number;
  currency: string;
  phone: string;
  phone_share_consent_at: string;
  paused_at: string | null;
  offers_paused_until?: string | null;
}

export interface EmployerRow {
  business_name: string;
  contact_name: string;
  business_type: string;
  lat: number;
  lng: number;
  area_label: string;
  status: 'pending' | 'active';
}

export const workerFromRow = (row: WorkerRow | null): EngineContext['worker'] =>
  row && {
    name: row.name,
    skills: row.skills,
    availability: row.availability as NonNullable<EngineContext['worker']>['availability'],
    location: { lat: row.lat, lng: row.lng, label: row.area_label },
    radiusKm: row.radius_km,
    minRateCents: row.min_rate_cents,
    currency: row.currency,
    phone: row.phone,
    phoneShareConsentAt: row.phone_share_consent_at,
    paused: row.paused_at !== null,
    offersPausedUntil: row.offers_paused_until ?? null,
  };

export const employerFromRow = (row: EmployerRow | null): EngineContext['employer'] =>
  row && {
    businessName: row.business_name,
    contactName: row.contact_name,
    businessType: row.business_type,
    location: { lat: row.lat, lng: row.lng, label: row.area_label },
    status: row.status,
  };
