// Main's one reporter of failed opens: by source, a notification, an error box, the window's own
// message or nothing; a link's repeat within 30 s is said once.
import { describe, expect, it, vi } from 'vitest';
import { sessionPageFailure } from '../../electron/core/errors.js';
import { createOpenReporter, openReportFor } from '../../electron/main/open-reporter.js';
import type { LauncherError } from '../../electron/shared/models.js';
import { OPEN_SOURCES } from '../../electron/shared/vocabulary.js';

const failure = (kind: LauncherError['kind'] = 'service'): LauncherError => ({
  name: 'ServiceException',
  kind,
  message: 'Lightsail failed.',
  nextStep: 'Try again.',
  retryable: true,
});
const about = { computerId: 'p/us-east-2/c1', kind: 'app' as const, name: 'c1' };
// The link burst's timers are the test's: `flush` fires the pending ones.
const reporter = (now = () => 0) => {
  const pending = new Map<number, () => void>();
  let n = 0;
  const d = {
    notify: vi.fn(),
    showError: vi.fn(),
    showLauncher: vi.fn(),
    now,
    setTimer: (run: () => void) => (pending.set(++n, run), n),
    clearTimer: (t: unknown) => void pending.delete(t as number),
  };
  const flush = () => {
    for (const [k, run] of [...pending]) {
      pending.delete(k);
      run();
    }
  };
  return { d, r: createOpenReporter(d), flush };
};

describe('openReportFor', () => {
  it('decides by source: the row shows it, every other source hears a notification', () => {
    expect(OPEN_SOURCES.map((s) => [s, openReportFor(s, failure())])).toEqual([
      ['row', 'row'],
      ['tray', 'notification'],
      ['menu', 'notification'],
      ['shortcut', 'notification'],
      ['link', 'notification'],
    ]);
  });

  it('says nothing of a cancel, leaves a page that did not load to its window, and puts a Reconnect failure in an error box', () => {
    for (const s of OPEN_SOURCES) expect(openReportFor(s, failure('cancelled'))).toBe('none');
    expect(openReportFor('tray', sessionPageFailure('app', 'the address could not be found').detail)).toBe(
      'window',
    );
    expect(openReportFor('menu', failure(), { reconnect: true })).toBe('dialog');
  });
});

describe('createOpenReporter', () => {
  it('one failure is one notification, whatever the source', () => {
    for (const source of OPEN_SOURCES) {
      const { d, r, flush } = reporter();
      r.report(source, failure(), about);
      flush();
      expect(d.notify).toHaveBeenCalledTimes(1);
    }
  });

  it('a Reconnect failure is an error box and no notification', () => {
    const { d, r } = reporter();
    r.report('menu', failure(), { ...about, reconnect: true });
    expect(d.showError).toHaveBeenCalledWith('Reconnect failed', 'Lightsail failed.\n\nTry again.');
    expect(d.notify).not.toHaveBeenCalled();
  });

  it('a link shows the launcher; a burst of failures is one notification saying how many, refused links included', () => {
    let now = 0;
    const { d, r, flush } = reporter(() => now);
    r.report('link', failure(), about);
    r.report('link', failure(), about);
    r.linkRefused('Not a link.');
    r.linkRefused('Not a link.');
    expect(d.notify).not.toHaveBeenCalled();
    flush();
    expect(d.notify.mock.calls.map(([n]) => n.title)).toEqual(['4 links were not opened']);
    expect(d.notify.mock.calls[0]![0].body).toMatch(/^The last one: Link not opened\. Not a link\./);
    // The same failure again within 30 s is not told again; after that it is.
    r.linkRefused('Not a link.');
    flush();
    expect(d.notify).toHaveBeenCalledTimes(1);
    now = 31_000;
    r.linkRefused('Not a link.');
    flush();
    expect(d.notify).toHaveBeenCalledTimes(2);
    expect(d.notify.mock.calls[1]![0].title).toBe('Link not opened');
    expect(d.showLauncher).toHaveBeenCalledTimes(6);
  });
});
