// The real server build of the renderer: the first frame is the App component's own markup.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFirstFrameRenderer, type RenderFirstFrame } from '../../electron/core/first-frame.js';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { makeComputers } from '../bench/renderer.bench.js';
import { FIRST_FRAME_BUILD } from '../e2e-browser/global-setup.js';

// Built by the unit project's global setup (vitest.config.ts).
let render: RenderFirstFrame;
beforeAll(async () => {
  const r = await loadFirstFrameRenderer(FIRST_FRAME_BUILD);
  if (!r) throw new Error(`no server build at ${FIRST_FRAME_BUILD}`);
  render = r;
});

const state = (computers: VirtualComputer[], favourites: string[] = []) => ({
  list: {
    computers,
    errors: [],
    refreshedAt: new Date(2026, 10, 26, 9, 5).toISOString(),
    stale: true,
    refreshing: false,
  },
  windows: [],
  settings: { ...DEFAULT_SETTINGS, favourites },
  info: { version: 'test', demo: false, platform: 'linux' },
});

describe('renderFirstFrame (the built server renderer)', () => {
  it('draws the cached list as the app does: rows with names, groups and the stale note', () => {
    const computers = makeComputers(6);
    const html = render(state(computers));
    for (const c of computers) expect(html).toContain(`data-computer="${c.name}"`);
    expect(html).toContain('role="grid"');
    expect(html).toContain('Showing the list from 09:05');
  });

  it('pins favourites on top, as the live list does', () => {
    const computers = makeComputers(6);
    const html = render(state(computers, [computers[5]!.id]));
    expect(html.indexOf(`data-computer="${computers[5]!.name}"`)).toBeLessThan(
      html.indexOf(`data-computer="${computers[0]!.name}"`),
    );
  });

  it('shows a profile name as the profile has it, not as its id encodes it', () => {
    const [c] = makeComputers(1);
    const profile = 'team/dev:100%';
    const html = render(
      state([{ ...c!, profile, id: makeComputerId({ profile, region: c!.region, name: c!.name }) }]),
    );
    expect(html).toContain(`data-profile="${profile}"`);
    expect(html).toMatch(/<span class="sub[^"]*">team\/dev:100%<\/span>/);
  });

  it('escapes what AWS returns: a name cannot become markup', () => {
    const [c] = makeComputers(1);
    const html = render(state([{ ...c!, name: '<img src=x onerror=alert(1)>' }]));
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>');
  });
});
