// Named areas people can type instead of sending a location pin, with the coordinates of their centre.

export interface Area {
  /** Lowercase a-z and "_" only; stable, since profiles store it. Unique even where names repeat across cities. */
  id: string;
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** WGS84, 4 decimals (about 10 m). */
  lat: number;
  lng: number;
  /** Other spellings people type, lowercase; unique within the city only ("centro" is in two cities). */
  aliases: string[];
}

function area(id: string, name: string, city: string, country: string, lat: number, lng: number, aliases: string[] = []): Area {
  return { id, name, city, country, lat, lng, aliases };
}

// Within each city the first area is its centre: a city name alone picks it (unless an area is named
// after the city), and it is the reference point when checking the others.
export const areas: readonly Area[] = [
  // Madrid: the central barrios people name, then the districts.
  area('madrid_centro', 'Centro', 'Madrid', 'ES', 40.4155, -3.7074, ['plaza mayor', 'opera', 'palacio', 'austrias']),
  area('madrid_sol', 'Sol', 'Madrid', 'ES', 40.4169, -3.7035, ['puerta del sol', 'callao', 'gran via']),
  area('madrid_malasana', 'Malasaña', 'Madrid', 'ES', 40.4262, -3.7045, ['universidad', 'dos de mayo']),
  area('madrid_chueca', 'Chueca', 'Madrid', 'ES', 40.4229, -3.6976, ['justicia']),
  area('madrid_lavapies', 'Lavapiés', 'Madrid', 'ES', 40.4089, -3.7011, ['embajadores']),
  area('madrid_la_latina', 'La Latina', 'Madrid', 'ES', 40.4108, -3.7108),
  area('madrid_las_letras', 'Barrio de las Letras', 'Madrid', 'ES', 40.4146, -3.6985, ['las letras', 'huertas']),
  area('madrid_chamberi', 'Chamberí', 'Madrid', 'ES', 40.435, -3.704),
  area('madrid_arguelles', 'Argüelles', 'Madrid', 'ES', 40.43, -3.716),
  area('madrid_salamanca', 'Salamanca', 'Madrid', 'ES', 40.43, -3.678, ['barrio de salamanca', 'goya']),
  area('madrid_retiro', 'Retiro', 'Madrid', 'ES', 40.411, -3.677, ['el retiro']),
  area('madrid_chamartin', 'Chamartín', 'Madrid', 'ES', 40.459, -3.677),
  area('madrid_tetuan', 'Tetuán', 'Madrid', 'ES', 40.46, -3.699, ['cuatro caminos', 'azca']),
  area('madrid_arganzuela', 'Arganzuela', 'Madrid', 'ES', 40.399, -3.698, ['legazpi', 'delicias']),
  area('madrid_moncloa', 'Moncloa', 'Madrid', 'ES', 40.435, -3.719, ['moncloa aravaca']),
  area('madrid_latina', 'Latina', 'Madrid', 'ES', 40.393, -3.745, ['aluche']),
  area('madrid_carabanchel', 'Carabanchel', 'Madrid', 'ES', 40.383, -3.728),
  area('madrid_usera', 'Usera', 'Madrid', 'ES', 40.385, -3.707),
  area('madrid_puente_de_vallecas', 'Puente de Vallecas', 'Madrid', 'ES', 40.392, -3.662),
  area('madrid_villa_de_vallecas', 'Villa de Vallecas', 'Madrid', 'ES', 40.374, -3.616),
  area('madrid_moratalaz', 'Moratalaz', 'Madrid', 'ES', 40.407, -3.644),
  area('madrid_ciudad_lineal', 'Ciudad Lineal', 'Madrid', 'ES', 40.446, -3.652),
  area('madrid_hortaleza', 'Hortaleza', 'Madrid', 'ES', 40.47, -3.64),
  area('madrid_fuencarral', 'Fuencarral', 'Madrid', 'ES', 40.487, -3.701, ['fuencarral el pardo', 'barrio del pilar']),
  area('madrid_barajas', 'Barajas', 'Madrid', 'ES', 40.472, -3.58),
  area('madrid_san_blas', 'San Blas', 'Madrid', 'ES', 40.43, -3.615, ['san blas canillejas', 'canillejas']),
  area('madrid_vicalvaro', 'Vicálvaro', 'Madrid', 'ES', 40.4, -3.608),
  area('madrid_villaverde', 'Villaverde', 'Madrid', 'ES', 40.347, -3.7),

  // Barcelona.
  area('barcelona_eixample', 'Eixample', 'Barcelona', 'ES', 41.39, 2.162, ['ensanche', 'l eixample']),
  area('barcelona_ciutat_vella', 'Ciutat Vella', 'Barcelona', 'ES', 41.383, 2.177, ['ciudad vieja', 'gotic', 'barri gotic', 'barrio gotico']),
  area('barcelona_raval', 'El Raval', 'Barcelona', 'ES', 41.3797, 2.1682, ['raval']),
  area('barcelona_born', 'Born', 'Barcelona', 'ES', 41.3851, 2.1828, ['el born', 'la ribera', 'sant pere']),
  area('barcelona_barceloneta', 'Barceloneta', 'Barcelona', 'ES', 41.3806, 2.1894, ['la barceloneta']),
  area('barcelona_gracia', 'Gràcia', 'Barcelona', 'ES', 41.403, 2.156, ['vila de gracia']),
  area('barcelona_sagrada_familia', 'Sagrada Família', 'Barcelona', 'ES', 41.4036, 2.1744),
  area('barcelona_sants', 'Sants', 'Barcelona', 'ES', 41.375, 2.136, ['sants montjuic']),
  area('barcelona_poble_sec', 'Poble-sec', 'Barcelona', 'ES', 41.3735, 2.161, ['pueblo seco']),
  area('barcelona_les_corts', 'Les Corts', 'Barcelona', 'ES', 41.385, 2.132, ['las cortes', 'camp nou']),
  area('barcelona_sarria', 'Sarrià', 'Barcelona', 'ES', 41.4, 2.122, ['sarria sant gervasi']),
  area('barcelona_sant_gervasi', 'Sant Gervasi', 'Barcelona', 'ES', 41.404, 2.139, ['san gervasio', 'bonanova']),
  area('barcelona_horta_guinardo', 'Horta-Guinardó', 'Barcelona', 'ES', 41.425, 2.16, ['horta', 'guinardo']),
  area('barcelona_nou_barris', 'Nou Barris', 'Barcelona', 'ES', 41.441, 2.177),
  area('barcelona_sant_andreu', 'Sant Andreu', 'Barcelona', 'ES', 41.435, 2.19, ['san andres']),
  area('barcelona_poblenou', 'Poblenou', 'Barcelona', 'ES', 41.401, 2.199, ['poble nou', 'pueblo nuevo']),
  area('barcelona_sant_marti', 'Sant Martí', 'Barcelona', 'ES', 41.417, 2.199, ['san marti', 'san martin']),

  // Spain's other big cities, each as a whole, with a few well-known barrios.
  area('valencia', 'Valencia', 'Valencia', 'ES', 39.4699, -0.3763),
  area('valencia_ruzafa', 'Ruzafa', 'Valencia', 'ES', 39.4625, -0.3746, ['russafa']),
  area('valencia_el_carmen', 'El Carmen', 'Valencia', 'ES', 39.4785, -0.38, ['barrio del carmen', 'el carme']),
  area('sevilla', 'Sevilla', 'Sevilla', 'ES', 37.3891, -5.9845),
  area('sevilla_triana', 'Triana', 'Sevilla', 'ES', 37.3839, -6.0026),
  area('malaga', 'Málaga', 'Málaga', 'ES', 36.7213, -4.4214),
  area('bilbao', 'Bilbao', 'Bilbao', 'ES', 43.263, -2.935),
  area('zaragoza', 'Zaragoza', 'Zaragoza', 'ES', 41.6488, -0.8891),
  area('palma', 'Palma', 'Palma', 'ES', 39.5696, 2.6502, ['mallorca']),
  area('alicante', 'Alicante', 'Alicante', 'ES', 38.3452, -0.481),
  area('granada', 'Granada', 'Granada', 'ES', 37.1773, -3.5986),
  area('murcia', 'Murcia', 'Murcia', 'ES', 37.9922, -1.1307),
  area('valladolid', 'Valladolid', 'Valladolid', 'ES', 41.6523, -4.7245),
  area('vigo', 'Vigo', 'Vigo', 'ES', 42.2406, -8.7207),
  area('a_coruna', 'A Coruña', 'A Coruña', 'ES', 43.3623, -8.4115),
  area('las_palmas', 'Las Palmas', 'Las Palmas', 'ES', 28.1235, -15.4363, ['gran canaria']),
  area('santa_cruz_de_tenerife', 'Santa Cruz de Tenerife', 'Santa Cruz de Tenerife', 'ES', 28.4636, -16.2518),
  area('cordoba', 'Córdoba', 'Córdoba', 'ES', 37.8882, -4.7794),
  area('san_sebastian', 'San Sebastián', 'San Sebastián', 'ES', 43.3183, -1.9812),
  area('pamplona', 'Pamplona', 'Pamplona', 'ES', 42.8125, -1.6458),
  area('santander', 'Santander', 'Santander', 'ES', 43.4623, -3.81),
  area('gijon', 'Gijón', 'Gijón', 'ES', 43.5322, -5.6611),
  area('salamanca', 'Salamanca', 'Salamanca', 'ES', 40.9701, -5.6635),
  area('ibiza', 'Ibiza', 'Ibiza', 'ES', 38.9067, 1.4206),
  area('marbella', 'Marbella', 'Marbella', 'ES', 36.5101, -4.8825),

  // London.
  area('london_city', 'City of London', 'London', 'GB', 51.5155, -0.0922, ['the city', 'square mile']),
  area('london_soho', 'Soho', 'London', 'GB', 51.5136, -0.1365, ['west end']),
  area('london_covent_garden', 'Covent Garden', 'London', 'GB', 51.5117, -0.124),
  area('london_camden', 'Camden', 'London', 'GB', 51.539, -0.1426, ['camden town']),
  area('london_islington', 'Islington', 'London', 'GB', 51.538, -0.103, ['angel']),
  area('london_shoreditch', 'Shoreditch', 'London', 'GB', 51.5255, -0.078),
  area('london_hackney', 'Hackney', 'London', 'GB', 51.545, -0.0553),
  area('london_brixton', 'Brixton', 'London', 'GB', 51.462, -0.115),
  area('london_canary_wharf', 'Canary Wharf', 'London', 'GB', 51.5054, -0.0235),

  // Mexico City.
  area('cdmx_centro_historico', 'Centro Histórico', 'Ciudad de México', 'MX', 19.4326, -99.1332, ['centro', 'el centro', 'zocalo']),
  area('cdmx_roma_norte', 'Roma Norte', 'Ciudad de México', 'MX', 19.419, -99.162, ['roma', 'la roma', 'colonia roma']),
  area('cdmx_condesa', 'Condesa', 'Ciudad de México', 'MX', 19.411, -99.173, ['la condesa', 'colonia condesa', 'hipodromo condesa']),
  area('cdmx_juarez', 'Juárez', 'Ciudad de México', 'MX', 19.427, -99.158, ['zona rosa', 'colonia juarez']),
  area('cdmx_polanco', 'Polanco', 'Ciudad de México', 'MX', 19.433, -99.194),
  area('cdmx_del_valle', 'Del Valle', 'Ciudad de México', 'MX', 19.385, -99.165, ['colonia del valle']),
  area('cdmx_coyoacan', 'Coyoacán', 'Ciudad de México', 'MX', 19.35, -99.162),
];

/** Other names of cities (keys are Area.city), for "Condesa CDMX" or "Londres" alone. */
export const cityAliases: Readonly<Record<string, readonly string[]>> = {
  Madrid: ['madriz'],
  Barcelona: ['bcn', 'barna'],
  Valencia: ['valencia ciudad', 'valencia capital'],
  Sevilla: ['seville'],
  Málaga: ['malaga capital'],
  Bilbao: ['bilbo'],
  Zaragoza: ['saragossa'],
  Palma: ['palma de mallorca'],
  Alicante: ['alacant'],
  'A Coruña': ['la coruña', 'coruña', 'corunna'],
  'Las Palmas': ['las palmas de gran canaria'],
  'Santa Cruz de Tenerife': ['santa cruz', 'tenerife'],
  Córdoba: ['cordova'],
  'San Sebastián': ['donostia', 'donosti'],
  Pamplona: ['iruña'],
  Gijón: ['xixon'],
  Ibiza: ['eivissa'],
  London: ['londres'],
  'Ciudad de México': ['cdmx', 'mexico city', 'mexico df', 'df', 'mexico'],
};

export const areaById: ReadonlyMap<string, Area> = new Map(areas.map((entry) => [entry.id, entry]));
