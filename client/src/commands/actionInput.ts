// Input handling of server actions that needs no vscode (unit-tested in Node).
import type { Weight } from '../haproxy/endpoint';
import { validateWeight } from '../haproxy/validate';
import type { AnyNode, ServerNode } from '../views/serversModel';

/** The servers an action applies to: the selection when the clicked item is part of it, else the item. */
export function targetServers(item: AnyNode | undefined, selected: readonly AnyNode[] | undefined, viewSelection: readonly AnyNode[]): ServerNode[] {
  const pool = selected && selected.length > 0 ? selected : viewSelection;
  const servers = pool.filter((n): n is ServerNode => n.kind === 'server');
  if (item?.kind === 'server') return servers.some((s) => s.id === item.id) ? servers : [item];
  return item ? [] : servers;
}

/** Reads `50` or `50%` as a Weight; throws InvalidInputError with the reason. */
export function parseWeightInput(text: string): Weight {
  const value = text.trim();
  // validateWeight reads '50' as 50 and '50%' as relative; anything else is refused with why.
  const token = validateWeight(value);
  return token.endsWith('%') ? (token as `${number}%`) : Number(token);
}

