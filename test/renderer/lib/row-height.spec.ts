// The row height lives in list-model.ts (ROW_HEIGHT: how many rows the first frame holds); the
// row's CSS size hint must say the same, or the list jumps as rows scroll into view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROW_HEIGHT } from '../../../renderer/src/lib/list-model.js';

describe('row height', () => {
  it('ComputerRow hints the height list-model counts with', () => {
    const css = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'renderer', 'src', 'components', 'ComputerRow.svelte'),
      'utf8',
    );
    expect(css).toContain(`contain-intrinsic-size: auto ${ROW_HEIGHT}px`);
  });
});
