import { afterEach, describe, expect, it } from 'vitest';
import { LauncherState } from '../../../renderer/src/lib/launcher.svelte.js';
import {
  clientUnavailable,
  mediaGrantRows,
  openItems,
  pickProfile,
  reachedThrough,
  withoutGrant,
  withoutPin,
} from '../../../renderer/src/lib/identity.js';
import { fakeApi, settle } from './fake-api.js';
import { computer, launcherError, settings } from './fixtures.js';

const ARN = 'arn:aws:lightsail:us-east-2:123456789012:Instance/abc';
const shared = () => ({ ...computer('genomics-lab'), arn: ARN, reachedThrough: ['research', 'course'] });
const yes = { enabled: true };

describe('one computer, one row', () => {
  it('names the profiles only when more than one reaches the computer', () => {
    expect(reachedThrough(shared())).toEqual(['research', 'course']);
    expect(reachedThrough({ ...computer('solo'), reachedThrough: ['research'] })).toEqual([]);
    expect(reachedThrough(computer('solo'))).toEqual([]);
  });

  it('remembers the picked profile by ARN, keeping other picks', () => {
    const s = settings({ computerProfiles: { 'arn:other': 'research' } });
    expect(pickProfile(s, shared(), 'course')).toEqual({
      computerProfiles: { 'arn:other': 'research', [ARN]: 'course' },
    });
  });

  it('picks nothing for a profile that does not reach the computer, or a computer without an ARN', () => {
    expect(pickProfile(settings(), shared(), 'teaching')).toBeUndefined();
    expect(pickProfile(settings(), { ...shared(), arn: undefined }, 'course')).toBeUndefined();
  });
});

describe('open in the DCV client or the browser', () => {
  it('disables the client items with the reason the core gave', () => {
    const info = {
      version: 't',
      demo: false,
      platform: 'linux',
      dcvClient: { available: false as const, reason: 'dcvviewer is not on the PATH.' },
    };
    const items = openItems(info, { app: yes, desktop: yes });
    expect(items.map((i) => [i.label, i.enabled, i.reason])).toEqual([
      ['Open application in DCV client', false, 'dcvviewer is not on the PATH.'],
      ['Open application in browser', true, undefined],
      ['Open desktop in DCV client', false, 'dcvviewer is not on the PATH.'],
      ['Open desktop in browser', true, undefined],
    ]);
  });

  it('enables the client when it is there, and follows the row when a kind cannot open', () => {
    const info = { version: 't', demo: false, platform: 'linux', dcvClient: { available: true as const } };
    expect(clientUnavailable(info)).toBeUndefined();
    const items = openItems(info, { app: yes, desktop: { enabled: false, reason: 'Setting up…' } });
    expect(items.filter((i) => i.enabled).map((i) => i.label)).toEqual([
      'Open application in DCV client',
      'Open application in browser',
    ]);
    expect(items.filter((i) => !i.enabled).every((i) => i.reason === 'Setting up…')).toBe(true);
  });

  it('says the client cannot be used when the launcher has no hand-off', () => {
    expect(clientUnavailable({ version: 't', demo: false, platform: 'linux' })).toMatch(
      /cannot start the DCV client/,
    );
  });
});

describe('trusted certificates and media answers', () => {
  it('removes one pin and one answer, leaving the others', () => {
    const pins = [
      { hostPort: 'a:8443', sha256: 'X' },
      { hostPort: 'b:8443', sha256: 'Y' },
    ];
    expect(withoutPin(pins, 'a:8443')).toEqual([{ hostPort: 'b:8443', sha256: 'Y' }]);
    expect(withoutGrant({ x: true, y: false }, 'x')).toEqual({ y: false });
  });

  it('lists answers by their label', () => {
    expect(mediaGrantRows({ b: true, a: false }, (id) => `computer ${id}`)).toEqual([
      { computerId: 'a', label: 'computer a', allowed: false },
      { computerId: 'b', label: 'computer b', allowed: true },
    ]);
  });
});

describe('LauncherState', () => {
  const fake = fakeApi();
  const app = new LauncherState(fake.api);
  afterEach(() => app.dispose());

  it('opens in the target asked for and shows a refusal on the row', async () => {
    const done = app.openIn('research/us-east-2/genomics-lab', 'app', 'client');
    await settle();
    expect(fake.argsOf('session:open').at(-1)).toEqual([
      'research/us-east-2/genomics-lab',
      'app',
      { target: 'client' },
    ]);
    const error = launcherError('session-failed');
    await fake.answer('session:open', { ok: false, error });
    await done;
    expect(app.actionErrors['research/us-east-2/genomics-lab']).toEqual(error);
  });

  it('asks app:info again after the global shortcut changed, so its error shows', async () => {
    const done = app.updateSettings({ globalShortcut: 'Ctrl+Alt+L' });
    await settle();
    await fake.answer('settings:update', settings({ globalShortcut: 'Ctrl+Alt+L' }));
    await settle();
    await fake.answer('app:info', {
      version: 't',
      demo: false,
      platform: 'linux',
      shortcutError: 'The desktop refused Ctrl+Alt+L.',
    });
    await done;
    expect(app.info?.shortcutError).toBe('The desktop refused Ctrl+Alt+L.');
    const other = app.updateSettings({ groupBy: 'region' });
    await settle();
    await fake.answer('settings:update', settings({ groupBy: 'region' }));
    await other;
    expect(fake.pending.filter((c) => c.channel === 'app:info')).toEqual([]);
  });
});
