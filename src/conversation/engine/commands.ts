// Global commands: typed in English or Spanish (case- and accent-insensitive) or tapped in the menu (`cmd.<name>`).
import { normaliseText } from '../answers/fuzzy-match.js';
import type { Input } from './input.js';

const phrases = {
  menu: ['menu', 'main menu', 'menu principal', 'inicio', 'opciones', 'options'],
  help: ['help', 'ayuda', 'info', 'socorro'],
  back: ['back', 'go back', 'atras', 'volver', 'anterior'],
  cancel: ['cancel', 'cancelar', 'exit', 'quit', 'salir'],
  profile: ['profile', 'my profile', 'perfil', 'mi perfil', 'my business', 'mi negocio'],
  pause: ['pause', 'pause offers', 'pausa', 'pausar', 'pausar ofertas'],
  resume: ['resume', 'resume offers', 'reanudar', 'reanudar ofertas'],
  language: ['language', 'languages', 'idioma', 'idiomas', 'lengua'],
  stop: ['stop', 'unsubscribe', 'stop messages', 'baja', 'darme de baja', 'parar', 'parar mensajes'],
  start: ['start', 'unstop', 'subscribe', 'start messages', 'alta', 'darme de alta', 'activar mensajes'],
  report: ['report', 'report a problem', 'denunciar', 'reportar', 'informar de un problema', 'queja'],
  why: ['why', 'why me', 'por que', 'porque', 'por que yo'],
  export: ['export my data', 'export', 'export data', 'exportar mis datos', 'exportar'],
  privacy: ['privacy', 'my data', 'privacidad', 'mis datos', 'privacy and messages', 'privacidad y mensajes'],
  delete: ['delete my data', 'delete my account', 'delete', 'borrar mis datos', 'eliminar mis datos', 'borrar mi cuenta', 'borrar', 'eliminar'],
  who_has_my_number: ['who has my number', 'quien tiene mi numero'],
  find_jobs: ['find jobs', 'buscar trabajos'],
  my_offers: ['my offers', 'offers', 'mis ofertas', 'ofertas'],
  post_job: ['post a job', 'post job', 'publicar trabajo', 'publicar un trabajo'],
  my_jobs: ['my jobs', 'mis trabajos'],
  candidates: ['candidates', 'candidatos'],
} as const;

export type Command = keyof typeof phrases;
export const commandNames = Object.keys(phrases) as Command[];

const byPhrase = new Map<string, Command>(commandNames.flatMap((command) => phrases[command].map((p) => [normaliseText(p), command] as const)));

/** The command a message is, if it is one as a whole ("menu", "Menú!", a menu row); a sentence that mentions one is not. */
export function commandOf(input: Input): Command | null {
  if (input.kind === 'reply') {
    const name = input.id.startsWith('cmd.') ? input.id.slice(4) : null;
    return name !== null && (commandNames as string[]).includes(name) ? (name as Command) : null;
  }
  if (input.kind !== 'text' || input.text.length > 60) return null;
  const typed = normaliseText(input.text);
  // "?" alone asks for help; emoji and punctuation alone are nothing.
  if (typed === '') return input.text.trim() === '?' ? 'help' : null;
  return byPhrase.get(typed) ?? null;
}

const GREETINGS = new Set(['hi', 'hello', 'hey', 'hola', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches', 'ola', 'hii', 'holi', 'good morning']);
export const isGreeting = (input: Input): boolean => input.kind === 'text' && input.text.length <= 30 && GREETINGS.has(normaliseText(input.text));
