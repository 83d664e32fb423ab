import { describe, expect, it } from 'vitest';
import { navigationDecision } from '../../electron/main/windows/navigation-guard.js';

const ALLOWED = 'https://dcv.example.com:8443';

describe('navigationDecision', () => {
  it.each([
    ['https://dcv.example.com:8443/', 'allow'],
    ['https://dcv.example.com:8443/some/path?x=1#y', 'allow'],
    ['https://DCV.example.com:8443/', 'allow'],
  ])('allows the exact session origin: %s', (url, expected) => {
    expect(navigationDecision(url, ALLOWED)).toBe(expected);
  });

  it.each([
    ['another host', 'https://evil.test/', 'external'],
    ['lookalike suffix host', 'https://dcv.example.com.evil.test:8443/', 'external'],
    ['lookalike prefix host', 'https://evildcv.example.com:8443/', 'external'],
    ['another port', 'https://dcv.example.com/', 'external'],
    ['http downgrade', 'http://dcv.example.com:8443/', 'deny'],
    ['javascript:', 'javascript:alert(document.cookie)', 'deny'],
    ['file:', 'file:///etc/passwd', 'deny'],
    ['data:', 'data:text/html,<script>alert(1)</script>', 'deny'],
    ['blob:', 'blob:https://evil.test/uuid', 'deny'],
    ['about:blank', 'about:blank', 'deny'],
    ['credentials in the authority', 'https://user:pw@dcv.example.com:8443/', 'deny'],
    ['garbage', 'not a url', 'deny'],
  ])('refuses %s', (_name, url, expected) => {
    expect(navigationDecision(url, ALLOWED)).toBe(expected);
  });
});
