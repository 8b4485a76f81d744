// What the marketplace's chat handlers share: the market this turn sees, and a message that ends on the menu.
import { emptyMarket, type MarketContext } from './market-view.js';
import type { Turn } from './turn.js';

export const HOUR_MS = 3_600_000;
export const market = (turn: Turn): MarketContext => turn.context.market ?? emptyMarket();
export const timeOf = (iso: string) => Date.parse(iso);

/** A message whose one way on is the menu. */
export function menuButton(turn: Turn, body: string): void {
  turn.buttons(body, [{ id: 'cmd.menu', label: 'button.menu' }]);
}
