// The skills workers can offer, most common first; ids are stored in profiles, so never rename one.

export interface Skill {
  /** Lowercase a-z and "_" only; stable, since profiles store it. */
  id: string;
  /** Display titles; at most 24 characters, the WhatsApp list row limit. */
  en: string;
  es: string;
  /** Other words people type for it, in either language, lowercase. */
  aliases: string[];
}

// Order matters: the first nine are the rows of the first WhatsApp list.
export const skills: readonly Skill[] = [
  {
    id: 'waiter',
    en: 'Waiter / Waitress',
    es: 'Camarero / Camarera',
    aliases: ['waiter', 'waitress', 'server', 'waiting staff', 'wait staff', 'waitstaff', 'waiting tables', 'food runner', 'runner', 'camarero', 'camarera', 'camarero de sala', 'mesero', 'mesera', 'mozo', 'moza'],
  },
  {
    id: 'kitchen_help',
    en: 'Kitchen help',
    es: 'Ayudante de cocina',
    aliases: ['kitchen assistant', 'kitchen hand', 'prep cook', 'food prep', 'ayudante cocina', 'auxiliar de cocina', 'pinche', 'pinche de cocina'],
  },
  {
    id: 'cleaning',
    en: 'Cleaning',
    es: 'Limpieza',
    aliases: ['cleaner', 'house cleaning', 'janitor', 'limpiador', 'limpiadora', 'personal de limpieza', 'limpieza de casas'],
  },
  {
    id: 'bartender',
    en: 'Bartender',
    es: 'Barman / Bartender',
    aliases: ['barman', 'barmaid', 'bar staff', 'barback', 'bar', 'mixologist', 'cocktails', 'barra', 'camarero de barra', 'cantinero', 'cantinera', 'coctelero', 'coctelera'],
  },
  {
    id: 'barista',
    en: 'Barista',
    es: 'Barista',
    aliases: ['coffee', 'coffee maker', 'cafe', 'cafetero', 'cafetera'],
  },
  {
    id: 'retail',
    en: 'Retail / shop assistant',
    es: 'Dependiente de tienda',
    aliases: ['shop assistant', 'sales assistant', 'retail assistant', 'shop', 'store', 'sales', 'shelf stacker', 'dependiente', 'dependienta', 'vendedor', 'vendedora', 'tienda', 'ventas', 'reponedor', 'reponedora'],
  },
  {
    id: 'warehouse',
    en: 'Warehouse',
    es: 'Almacén',
    aliases: ['warehouse operative', 'picker', 'packer', 'picking', 'packing', 'forklift', 'mozo de almacen', 'operario de almacen', 'carretillero', 'logistica', 'preparador de pedidos'],
  },
  {
    id: 'delivery',
    en: 'Delivery rider / driver',
    es: 'Reparto / Repartidor',
    aliases: ['delivery', 'rider', 'courier', 'driver', 'delivery driver', 'repartidor', 'repartidora', 'reparto', 'mensajero', 'mensajera', 'conductor', 'glovo', 'deliveroo'],
  },
  {
    id: 'events_staff',
    en: 'Events staff',
    es: 'Personal de eventos',
    aliases: ['events', 'event staff', 'event crew', 'festival', 'catering staff', 'eventos', 'azafata', 'azafato', 'azafata de eventos', 'montador', 'montaje'],
  },
  {
    id: 'cook',
    en: 'Cook',
    es: 'Cocinero / Cocinera',
    aliases: ['chef', 'line cook', 'commis', 'cooking', 'cocinero', 'cocinera', 'cocinar', 'jefe de partida'],
  },
  {
    id: 'dishwasher',
    en: 'Dishwasher',
    es: 'Friegaplatos',
    // UK "kitchen porter" (KP) is mostly washing up; bare "office" is left to office admin.
    aliases: ['kp', 'kitchen porter', 'pot washer', 'pot wash', 'washing up', 'lavaplatos', 'lavavajillas', 'mozo de office', 'auxiliar de office'],
  },
  {
    id: 'host',
    en: 'Host / Hostess',
    es: 'Hostess / Anfitrión',
    aliases: ['host', 'hostess', 'greeter', 'restaurant host', 'anfitrion', 'anfitriona', 'recepcionista de sala'],
  },
  {
    id: 'cashier',
    en: 'Cashier',
    es: 'Cajero / Cajera',
    aliases: ['till', 'checkout', 'cajero', 'cajera', 'caja'],
  },
  {
    id: 'promoter',
    en: 'Promoter',
    es: 'Promotor / Promotora',
    aliases: ['brand ambassador', 'flyering', 'leafleting', 'promotions', 'street promoter', 'promotor', 'promotora', 'azafata de imagen', 'relaciones publicas', 'rrpp', 'reparto de flyers'],
  },
  {
    id: 'hotel_housekeeping',
    en: 'Hotel housekeeping',
    es: 'Camarera de pisos',
    aliases: ['housekeeping', 'housekeeper', 'room attendant', 'chambermaid', 'camarera de pisos', 'camarero de pisos', 'kelly', 'kellys', 'limpieza de hotel'],
  },
  {
    id: 'receptionist',
    en: 'Receptionist',
    es: 'Recepcionista',
    aliases: ['reception', 'front desk', 'concierge', 'recepcion', 'recepcionista de hotel'],
  },
  {
    id: 'babysitting',
    en: 'Babysitting',
    es: 'Canguro / Niñera',
    aliases: ['babysitter', 'nanny', 'childcare', 'child care', 'childminder', 'au pair', 'canguro', 'niñera', 'niñero', 'cuidado de niños', 'cuidar niños'],
  },
  {
    id: 'elderly_care',
    en: 'Elderly care',
    es: 'Cuidado de mayores',
    aliases: ['carer', 'caregiver', 'care assistant', 'care worker', 'home care', 'cuidador', 'cuidadora', 'cuidado de ancianos', 'geriatria', 'auxiliar de geriatria'],
  },
  {
    id: 'tutoring',
    en: 'Tutoring',
    es: 'Clases particulares',
    aliases: ['tutor', 'teacher', 'teaching', 'private lessons', 'lessons', 'homework help', 'english teacher', 'clases', 'profesor', 'profesora', 'profe', 'refuerzo escolar', 'clases de ingles'],
  },
  {
    id: 'moving_help',
    en: 'Moving help',
    es: 'Mudanzas',
    aliases: ['mover', 'removals', 'removal', 'man with a van', 'mudanza', 'mozo de mudanzas', 'carga y descarga'],
  },
  {
    id: 'gardening',
    en: 'Gardening',
    es: 'Jardinería',
    aliases: ['gardener', 'landscaping', 'garden', 'jardinero', 'jardinera', 'jardin', 'poda'],
  },
  {
    id: 'dog_walking',
    en: 'Dog walking',
    es: 'Paseo de perros',
    aliases: ['dog walker', 'dogs', 'pet sitting', 'pet sitter', 'pets', 'paseador de perros', 'paseadora de perros', 'perros', 'mascotas', 'cuidado de mascotas'],
  },
  {
    id: 'office_admin',
    en: 'Office admin',
    es: 'Administración',
    aliases: ['admin', 'office', 'office assistant', 'administrative', 'data entry', 'secretary', 'filing', 'oficina', 'administrativo', 'administrativa', 'auxiliar administrativo', 'secretaria'],
  },
  {
    id: 'call_centre',
    en: 'Call centre',
    es: 'Teleoperador/a',
    aliases: ['call center', 'telemarketing', 'customer service', 'customer support', 'phone sales', 'teleoperador', 'teleoperadora', 'telefonista', 'televenta', 'televentas', 'atencion al cliente'],
  },
];

export const skillById: ReadonlyMap<string, Skill> = new Map(skills.map((skill) => [skill.id, skill]));
