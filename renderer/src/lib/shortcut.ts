// The global shortcut as a key recorder writes it: an Electron accelerator
// ("CommandOrControl+Alt+L") from one key press.

/** What a key press carries that an accelerator needs. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const NAMED: Record<string, string> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Space: 'Space',
  Enter: 'Enter',
  Tab: 'Tab',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backslash: '\\',
  Backquote: '`',
};

/** The accelerator's key name for a physical key, or undefined for a modifier or a key it cannot name. */
function keyName(code: string): string | undefined {
  const m = /^(?:Key([A-Z])|Digit(\d)|Numpad(\d)|(F\d{1,2}))$/.exec(code);
  if (m) return m[1] ?? m[2] ?? (m[3] !== undefined ? `num${m[3]}` : m[4]);
  return NAMED[code];
}

/**
 * The recorder's reading of a key press: an accelerator; 'wait' while only modifiers are held;
 * 'clear' for Backspace or Delete alone; 'cancel' for Escape; 'needs-modifier' for a plain key
 * (a global shortcut without one would take that key from every application).
 */
export function readShortcut(e: KeyPress): string | 'wait' | 'clear' | 'cancel' | 'needs-modifier' {
  const mods = [
    e.ctrlKey || e.metaKey ? 'CommandOrControl' : '',
    e.altKey ? 'Alt' : '',
    e.shiftKey ? 'Shift' : '',
  ].filter(Boolean);
  if (!mods.length && e.key === 'Escape') return 'cancel';
  if (!mods.length && (e.key === 'Backspace' || e.key === 'Delete')) return 'clear';
  const name = keyName(e.code);
  if (!name) return 'wait';
  const isFunctionKey = /^F\d+$/.test(name);
  if (!isFunctionKey && !(e.ctrlKey || e.metaKey || e.altKey)) return 'needs-modifier';
  return [...mods, name].join('+');
}

/** An accelerator as people read it on this platform: "Ctrl+Alt+L" or "⌘+Alt+L". */
export function shortcutLabel(accelerator: string, mac: boolean): string {
  return accelerator.replace('CommandOrControl', mac ? '⌘' : 'Ctrl').replace('CmdOrCtrl', mac ? '⌘' : 'Ctrl');
}
