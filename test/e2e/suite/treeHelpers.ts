// Helpers for the suites that read the HAProxy sidebar through the extension's own tree provider.
import type * as vscode from 'vscode';
import type { SidebarApi } from '../../../client/src/views/sidebar';
import type { AnyNode } from '../../../client/src/views/serversModel';

/** Retries `check` (which throws until satisfied) every 200 ms, at most `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** A tree item's label as text (changed rows carry a highlighted TreeItemLabel). */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'object' ? item.label.label : String(item.label);
}

/** The child of `parent` (undefined: the root) labelled `label`; the error lists the labels there are. */
export function child(api: SidebarApi, parent: AnyNode | undefined, label: string): AnyNode {
  const found = api.tree.getChildren(parent).find((n) => labelOf(api.tree.getTreeItem(n)) === label);
  if (!found) throw new Error(`no '${label}' under ${parent ? labelOf(api.tree.getTreeItem(parent)) : 'the root'}: ${api.tree.getChildren(parent).map((n) => labelOf(api.tree.getTreeItem(n))).join(', ')}`);
  return found;
}
