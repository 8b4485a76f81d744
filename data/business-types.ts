// The kinds of business employers run; ids are stored in profiles, so never rename one.

export interface BusinessType {
  /** Lowercase a-z and "_" only; stable, since profiles store it. */
  id: string;
  /** Display titles; at most 24 characters, the WhatsApp list row limit. */
  en: string;
  es: string;
  /** Other words people type for it, in either language, lowercase. */
  aliases: string[];
}

// "Other" stays last: it is the way out when nothing above fits.
export const businessTypes: readonly BusinessType[] = [
  {
    id: 'restaurant',
    en: 'Restaurant / cafe',
    es: 'Restaurante / cafetería',
    aliases: ['restaurant', 'restaurante', 'cafe', 'cafeteria', 'coffee shop', 'bakery', 'panaderia', 'pasteleria', 'pizzeria', 'fast food', 'comida rapida', 'takeaway', 'bistro', 'diner', 'food truck'],
  },
  {
    id: 'bar',
    en: 'Bar',
    es: 'Bar',
    aliases: ['pub', 'nightclub', 'club', 'disco', 'discoteca', 'cocktail bar', 'cocteleria', 'cerveceria', 'taberna', 'chiringuito', 'beach bar', 'terraza'],
  },
  {
    id: 'hotel',
    en: 'Hotel',
    es: 'Hotel',
    aliases: ['hostel', 'hostal', 'motel', 'resort', 'albergue', 'guest house', 'bed and breakfast', 'apartamentos turisticos'],
  },
  {
    id: 'shop',
    en: 'Shop / retail',
    es: 'Tienda / comercio',
    aliases: ['shop', 'store', 'retail', 'supermarket', 'supermercado', 'tienda', 'comercio', 'boutique', 'kiosk', 'kiosco', 'shopping centre', 'centro comercial'],
  },
  {
    id: 'warehouse',
    en: 'Warehouse / logistics',
    es: 'Almacén / logística',
    aliases: ['warehouse', 'logistics', 'almacen', 'logistica', 'distribution centre', 'distribution center', 'fulfilment', 'courier company', 'paqueteria', 'transporte'],
  },
  {
    id: 'events',
    en: 'Events',
    es: 'Eventos',
    aliases: ['event agency', 'events company', 'catering', 'weddings', 'bodas', 'festival', 'congresos', 'ferias', 'event planner', 'organizacion de eventos', 'productora'],
  },
  {
    id: 'cleaning_company',
    en: 'Cleaning company',
    es: 'Empresa de limpieza',
    aliases: ['cleaning', 'cleaning services', 'cleaners', 'limpieza', 'limpiezas', 'servicios de limpieza', 'facility services', 'facility management'],
  },
  {
    id: 'office',
    en: 'Office',
    es: 'Oficina',
    aliases: ['company', 'empresa', 'call centre', 'call center', 'agency', 'coworking', 'despacho', 'startup', 'consultoria'],
  },
  {
    id: 'other',
    en: 'Other',
    es: 'Otro',
    aliases: ['otra', 'otros', 'otro tipo', 'otro negocio', 'otra cosa', 'something else', 'other business'],
  },
];

export const businessTypeById: ReadonlyMap<string, BusinessType> = new Map(businessTypes.map((type) => [type.id, type]));
