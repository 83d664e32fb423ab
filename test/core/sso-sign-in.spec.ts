// What the sign-in hands to the system browser: the verification URL comes from the network.
import { describe, expect, it } from 'vitest';
import { isOpenableVerificationUrl, refOf } from '../../electron/core/sso-sign-in.js';

describe('sign-in', () => {
  it('opens only https verification pages (and http on loopback, for the simulator)', () => {
    expect(isOpenableVerificationUrl('https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH')).toBe(true);
    expect(isOpenableVerificationUrl('http://127.0.0.1:4568/start/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isOpenableVerificationUrl('http://example.com/device')).toBe(false);
    expect(isOpenableVerificationUrl('file:///etc/passwd')).toBe(false);
    expect(isOpenableVerificationUrl('javascript:alert(1)')).toBe(false);
    expect(isOpenableVerificationUrl('not a url')).toBe(false);
  });

  it('signs in again by session name, or through the first profile of a legacy start URL', () => {
    const base = { id: 'x', startUrl: 'u', region: 'r', status: 'needs-sign-in' as const };
    expect(refOf({ ...base, kind: 'sso-session', label: 'lab', profiles: ['a'] })).toEqual({ session: 'lab' });
    expect(refOf({ ...base, kind: 'sso', label: 'u', profiles: ['legacy', 'other'] })).toEqual({ profile: 'legacy' });
  });
});
