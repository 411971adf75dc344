/**
 * Right-click in the page: Cut, Copy, Paste and Select all in text fields, Copy on selected text, in the
 * user's language. Electron shows no context menu of its own; the menu items use Electron's edit roles,
 * which act on the focused web contents, so no text crosses IPC. Nothing shows where there is nothing
 * to edit or copy.
 */
import type { ContextMenuParamsLike } from '../electron-api/app';
import type { MenuTemplate } from '../electron-api/desktop';
import type { MainStrings } from './strings';

export function contextMenuTemplate(params: ContextMenuParamsLike, words: MainStrings): MenuTemplate {
  const { editFlags } = params;
  if (params.isEditable) {
    return [
      { role: 'cut', label: words.cut, enabled: editFlags.canCut },
      { role: 'copy', label: words.copy, enabled: editFlags.canCopy },
      { role: 'paste', label: words.paste, enabled: editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: words.selectAll, enabled: editFlags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '') {
    return [{ role: 'copy', label: words.copy, enabled: editFlags.canCopy }];
  }
  return [];
}
