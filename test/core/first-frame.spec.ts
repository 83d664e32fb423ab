import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstFrameState, loadFirstFrameRenderer, withFirstFrame } from '../../electron/core/first-frame.js';
import {
  FIRST_FRAME_ATTRIBUTE,
  FIRST_FRAME_STATE_ID,
  injectFirstFrame,
} from '../../electron/shared/first-frame.js';
import { fakeCore, makeComputers } from '../bench/renderer.bench.js';

const PAGE = '<!doctype html><html><body><div id="app"></div></body></html>';

function coreWith(cached: boolean) {
  const core = fakeCore(makeComputers(3));
  const snap = core.snapshot();
  if (!cached) snap.list.refreshedAt = '';
  core.snapshot = () => snap;
  return core;
}

describe('the prerendered first frame', () => {
  it('puts the rendered list inside #app, marked so the renderer replaces it', async () => {
    const html = await withFirstFrame(
      PAGE,
      coreWith(true),
      (s) => `<ul>${s.list.computers.map((c) => `<li>${c.name}</li>`).join('')}</ul>`,
    );
    // Inert until the live app replaces it: a click on a button that does nothing yet is refused.
    expect(html).toContain(`<div id="app" ${FIRST_FRAME_ATTRIBUTE} inert><ul><li>`);
    expect(html.match(/<li>/g)).toHaveLength(3);
  });

  it('gives the renderer what it would be told first: the list, windows, settings and app info', async () => {
    const state = await firstFrameState(coreWith(true));
    expect(state?.list.computers).toHaveLength(3);
    expect(state?.windows).toEqual([]);
    expect(state?.settings.groupBy).toBeDefined();
    expect(state?.info.version).toBe('bench');
  });

  it('leaves the page alone with no list yet, no server build, or a renderer that throws', async () => {
    expect(await withFirstFrame(PAGE, coreWith(false), () => '<p>list</p>')).toBe(PAGE);
    expect(await withFirstFrame(PAGE, coreWith(true), undefined)).toBe(PAGE);
    expect(
      await withFirstFrame(PAGE, coreWith(true), () => {
        throw new Error('render failed');
      }),
    ).toBe(PAGE);
  });

  it('inserts markup literally, even with replacement patterns in it', async () => {
    const state = (await firstFrameState(coreWith(true)))!;
    expect(injectFirstFrame(PAGE, "<b>$& $' $`</b>", state)).toContain("<b>$& $' $`</b></div>");
  });

  it('carries the state it was drawn from as a JSON data block no name can break out of', async () => {
    const state = (await firstFrameState(coreWith(true)))!;
    state.list.computers[0]!.name = '</script><script>alert(1)</script>';
    const html = injectFirstFrame(PAGE, '<p>frame</p>', state);
    const block = /<script type="application\/json" id="(.+?)">(.*?)<\/script>/s.exec(html);
    expect(block?.[1]).toBe(FIRST_FRAME_STATE_ID);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(JSON.parse(block![2]!)).toEqual(state);
  });

  it('loads the server build, and answers undefined when it is missing or not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lfr-ff-'));
    try {
      writeFileSync(
        join(dir, 'good.mjs'),
        'export function renderFirstFrame(s) { return `<p>${s.list.computers.length}</p>`; }',
      );
      writeFileSync(join(dir, 'other.mjs'), 'export const x = 1;');
      const render = await loadFirstFrameRenderer(join(dir, 'good.mjs'));
      expect(render?.({ list: { computers: [1, 2] } } as never)).toBe('<p>2</p>');
      expect(await loadFirstFrameRenderer(join(dir, 'other.mjs'))).toBeUndefined();
      expect(await loadFirstFrameRenderer(join(dir, 'missing.mjs'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
