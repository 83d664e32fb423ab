import { describe, expect, it } from 'vitest';
import {
  launcherPermissionDecision,
  permissionDecision,
  SESSION_PERMISSIONS,
  type PermissionName,
} from '../../electron/main/windows/permissions.js';

// Every permission name in Electron's type union: the compiler refuses this object if Electron
// adds or removes one, so a new permission cannot slip past the policy untested.
const ALL: Record<PermissionName, true> = {
  ar: true,
  'automatic-fullscreen': true,
  'background-fetch': true,
  'background-sync': true,
  'captured-surface-control': true,
  'clipboard-read': true,
  'clipboard-sanitized-write': true,
  'deprecated-sync-clipboard-read': true,
  'display-capture': true,
  fileSystem: true,
  fullscreen: true,
  geolocation: true,
  'geolocation-approximate': true,
  'hand-tracking': true,
  hid: true,
  'idle-detection': true,
  keyboardLock: true,
  'local-fonts': true,
  'local-network': true,
  'local-network-access': true,
  'loopback-network': true,
  media: true,
  mediaKeySystem: true,
  midi: true,
  midiSysex: true,
  nfc: true,
  notifications: true,
  openExternal: true,
  'payment-handler': true,
  'periodic-background-sync': true,
  'persistent-storage': true,
  pointerLock: true,
  'screen-wake-lock': true,
  sensors: true,
  serial: true,
  'smart-card': true,
  'speaker-selection': true,
  'storage-access': true,
  'system-wake-lock': true,
  'top-level-storage-access': true,
  usb: true,
  vr: true,
  'web-app-installation': true,
  'web-printing': true,
  'window-management': true,
  unknown: true,
};

const ORIGIN = 'https://dcv.example.com:8443';
const ALLOWED = ['clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'pointerLock', 'keyboardLock'];

describe('permissionDecision', () => {
  it.each(Object.keys(ALL))('%s: allowed for the session origin only if DCV needs it', (permission) => {
    const expected = ALLOWED.includes(permission);
    expect(
      permissionDecision(permission, ORIGIN, ORIGIN, { requestingUrl: `${ORIGIN}/`, isMainFrame: true }),
    ).toBe(expected);
    expect(
      permissionDecision(permission, 'https://evil.test', ORIGIN, { requestingUrl: 'https://evil.test/' }),
    ).toBe(false);
  });

  it('lists exactly the DCV permissions', () => {
    expect([...SESSION_PERMISSIONS].sort()).toEqual([...ALLOWED].sort());
  });

  it('refuses lookalike origins, downgrades and opaque origins', () => {
    for (const who of [
      'https://dcv.example.com:8443.evil.test',
      'http://dcv.example.com:8443',
      'https://dcv.example.com',
      'file:///',
      'data:text/html,x',
      '',
    ]) {
      expect(permissionDecision('clipboard-read', who, ORIGIN)).toBe(false);
    }
  });

  it('refuses a frame embedded from another origin even inside the session page', () => {
    expect(
      permissionDecision('clipboard-read', ORIGIN, ORIGIN, {
        embeddingOrigin: 'https://evil.test',
        isMainFrame: false,
      }),
    ).toBe(false);
    expect(
      permissionDecision('fullscreen', 'https://evil.test', ORIGIN, {
        embeddingOrigin: ORIGIN,
        isMainFrame: false,
      }),
    ).toBe(false);
  });

  it('allows either origin of a computer whose two sessions differ, and nothing when none is open', () => {
    const other = 'https://dcv.example.com:8444';
    expect(permissionDecision('pointerLock', other, [ORIGIN, other])).toBe(true);
    expect(permissionDecision('pointerLock', ORIGIN, [])).toBe(false);
  });
});

describe('launcherPermissionDecision', () => {
  it.each(Object.keys(ALL))('%s: only clipboard writes from app://launcher', (permission) => {
    expect(launcherPermissionDecision(permission, 'app://launcher')).toBe(
      permission === 'clipboard-sanitized-write',
    );
    expect(launcherPermissionDecision(permission, 'https://evil.test')).toBe(false);
    expect(launcherPermissionDecision(permission, undefined)).toBe(false);
  });
});
