// The menu list, by role: everything a contact can do, one tap away.
import type { TemplateKey } from '../../../templates/index.js';
import type { Turn } from './turn.js';

const row = (turn: Turn, command: string, label: TemplateKey) => ({ id: `cmd.${command}`, title: turn.t(label) });

/** Paused as this turn leaves it: a "pause" answered with the menu shows "Resume". */
function pausedAfter(turn: Turn): boolean {
  const change = turn.effects.findLast((e) => e.type === 'set_worker_paused');
  return change?.type === 'set_worker_paused' ? change.paused : (turn.context.worker?.paused ?? false);
}

export function showMenu(turn: Turn, lead?: string): void {
  const { state } = turn;
  const body = lead ? `${lead}\n${turn.t('menu.body')}` : turn.t('menu.body');
  if (state.role === 'employer') {
    turn.list(
      body,
      [
        row(turn, 'post_job', 'menu.post_job'),
        row(turn, 'my_jobs', 'menu.my_jobs'),
        row(turn, 'candidates', 'menu.candidates'),
        row(turn, 'profile', 'menu.business'),
        row(turn, 'language', 'menu.language'),
        row(turn, 'help', 'menu.help'),
        row(turn, 'why', 'menu.why'),
        row(turn, 'report', 'menu.report'),
        row(turn, 'privacy', 'menu.privacy'),
      ],
      'menu.button',
    );
    return;
  }
  turn.list(
    body,
    [
      row(turn, 'find_jobs', 'menu.find_jobs'),
      row(turn, 'my_offers', 'menu.my_offers'),
      row(turn, 'profile', 'menu.profile'),
      pausedAfter(turn) ? row(turn, 'resume', 'menu.resume') : row(turn, 'pause', 'menu.pause'),
      row(turn, 'language', 'menu.language'),
      row(turn, 'help', 'menu.help'),
      row(turn, 'why', 'menu.why'),
      row(turn, 'report', 'menu.report'),
      row(turn, 'privacy', 'menu.privacy'),
    ],
    'menu.button',
  );
}

/** Privacy and messages: who has the number (workers), export, delete, and stop or start our messages. */
export function showPrivacy(turn: Turn): void {
  const rows = [
    ...(turn.state.role === 'employer' ? [] : [row(turn, 'who_has_my_number', 'menu.who_has_my_number')]),
    row(turn, 'export', 'menu.export'),
    row(turn, 'delete', 'menu.delete'),
    turn.state.optedOut ? row(turn, 'start', 'menu.start') : row(turn, 'stop', 'menu.stop'),
  ];
  turn.list(turn.t('privacy.body'), rows, 'menu.button');
}
