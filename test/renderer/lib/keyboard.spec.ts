import { describe, expect, it } from 'vitest';
import { keyCommand, moveSelection } from '../../../renderer/src/lib/keyboard.js';

const list = { inTextField: false, onControl: false };
const search = { inTextField: true, onControl: false };
const button = { inTextField: false, onControl: true };

describe('keyCommand', () => {
  it('Enter opens the application, Shift+Enter the desktop', () => {
    expect(keyCommand({ key: 'Enter' }, list)).toEqual({ type: 'open', kind: 'app' });
    expect(keyCommand({ key: 'Enter', shiftKey: true }, list)).toEqual({ type: 'open', kind: 'desktop' });
    expect(keyCommand({ key: 'Enter' }, search)).toEqual({ type: 'open', kind: 'app' });
  });

  it('leaves Enter to a focused button', () => {
    expect(keyCommand({ key: 'Enter' }, button)).toBeNull();
  });

  it('/ focuses search, except when typing in a field', () => {
    expect(keyCommand({ key: '/' }, list)).toEqual({ type: 'focus-search' });
    expect(keyCommand({ key: '/' }, search)).toBeNull();
  });

  it('arrows move from the list and from the search box; Home/End only outside text fields', () => {
    expect(keyCommand({ key: 'ArrowDown' }, search)).toEqual({ type: 'move', delta: 1 });
    expect(keyCommand({ key: 'ArrowUp' }, list)).toEqual({ type: 'move', delta: -1 });
    expect(keyCommand({ key: 'Home' }, list)).toEqual({ type: 'first' });
    expect(keyCommand({ key: 'Home' }, search)).toBeNull();
    expect(keyCommand({ key: 'PageDown' }, list)).toEqual({ type: 'move', delta: 10 });
  });

  it('ignores shortcuts with Ctrl, Alt or Meta (those belong to the app or the OS)', () => {
    expect(keyCommand({ key: 'Enter', ctrlKey: true }, list)).toBeNull();
    expect(keyCommand({ key: '/', metaKey: true }, list)).toBeNull();
  });

  it('Escape is always offered', () => {
    expect(keyCommand({ key: 'Escape' }, search)).toEqual({ type: 'escape' });
  });
});

describe('moveSelection', () => {
  const ids = ['a', 'b', 'c'];
  it('moves and stays within the list', () => {
    expect(moveSelection(ids, 'a', { type: 'move', delta: 1 })).toBe('b');
    expect(moveSelection(ids, 'c', { type: 'move', delta: 1 })).toBe('c');
    expect(moveSelection(ids, 'a', { type: 'move', delta: -1 })).toBe('a');
    expect(moveSelection(ids, 'b', { type: 'move', delta: 10 })).toBe('c');
  });

  it('starts from an end when nothing (or something hidden) is selected', () => {
    expect(moveSelection(ids, undefined, { type: 'move', delta: 1 })).toBe('a');
    expect(moveSelection(ids, 'gone', { type: 'move', delta: -1 })).toBe('c');
  });

  it('jumps to first and last; nothing in an empty list', () => {
    expect(moveSelection(ids, 'b', { type: 'first' })).toBe('a');
    expect(moveSelection(ids, 'b', { type: 'last' })).toBe('c');
    expect(moveSelection([], 'b', { type: 'last' })).toBeUndefined();
  });
});
