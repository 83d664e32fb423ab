// A WindowHost whose session "windows" are pages of one Chromium browser context (Playwright):
// the e2e suite drives them as separate pages, and the preview opens them as real windows.
import type { BrowserContext, Page } from 'playwright-core';
import type { ComputerId, OpenWindow, SessionKind } from '../shared/models.js';
import type { SessionWindowRequest, WindowHost } from '../core/ports.js';
import {
  certificateRefusalReason,
  type CertificateDecision,
  type CertificateFacts,
  type CertificatePin,
} from '../core/certificate-policy.js';
import { sessionPageFailure } from '../core/errors.js';
import { decideSessionCertificate, sameAsProbed } from './certificate-probe.js';

/** The certificate policy for https session pages (certificate-probe.ts says how it is applied). */
export interface PageCertificatePolicy {
  pins(): readonly CertificatePin[];
  trust(facts: CertificateFacts): void;
  /** The user's answer to a refused certificate (the Electron shell asks in a dialog). */
  ask(refused: Extract<CertificateDecision, { action: 'refuse' }>): Promise<'trust' | 'cancel'>;
}

interface Entry {
  page: Page;
  computerId: ComputerId;
  kind: SessionKind;
  title: string;
  url: string;
}

/** The WindowHost plus access to the pages, for tests. */
export interface PageWindowHost extends WindowHost {
  page(computerId: ComputerId, kind: SessionKind): Page | undefined;
  /** How many times a window was (re)loaded with a URL, per {computer, kind}. */
  loads(computerId: ComputerId, kind: SessionKind): number;
}

const keyOf = (id: ComputerId, kind: SessionKind) => `${id}\n${kind}`;

/** Session windows as pages of `context` (created lazily when a function is given). */
export function createPageWindowHost(
  context: BrowserContext | (() => Promise<BrowserContext>),
  opts: { certificates?: PageCertificatePolicy } = {},
): PageWindowHost {
  const entries = new Map<string, Entry>();
  const opening = new Map<string, Promise<void>>();
  const loadCount = new Map<string, number>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  let focused: string | undefined;
  let ctx: Promise<BrowserContext> | undefined;
  const getContext = () => (ctx ??= typeof context === 'function' ? context() : Promise.resolve(context));

  const list = (): OpenWindow[] =>
    [...entries.entries()].map(([key, e]) => ({
      computerId: e.computerId,
      kind: e.kind,
      title: e.title,
      focused: key === focused,
    }));
  const emit = () => {
    const w = list();
    for (const l of listeners) l(w);
  };
  const loaded = (key: string) => loadCount.set(key, (loadCount.get(key) ?? 0) + 1);

  /** Check the certificate (https only), asking once; the facts to compare after the load. */
  async function checkCertificate(req: SessionWindowRequest): Promise<CertificateFacts | undefined> {
    const policy = opts.certificates;
    if (!policy || !req.url.startsWith('https:')) return undefined;
    let d = await decideSessionCertificate(req.url, policy.pins());
    if (d.action === 'refuse') {
      if ((await policy.ask(d)) !== 'trust') throw sessionPageFailure(req.kind, certificateRefusalReason(d));
      policy.trust(d.facts);
      d = await decideSessionCertificate(req.url, policy.pins());
      if (d.action === 'refuse') throw sessionPageFailure(req.kind, certificateRefusalReason(d));
    }
    return d.facts;
  }

  /** Load a URL; the certificate Chromium saw must be the one the policy accepted. */
  async function load(
    page: Page,
    req: SessionWindowRequest,
    facts: CertificateFacts | undefined,
  ): Promise<void> {
    const response = await page.goto(req.url);
    if (facts && response && !sameAsProbed(await response.securityDetails(), facts)) {
      throw sessionPageFailure(
        req.kind,
        `the certificate of ${facts.hostPort} changed while the page loaded`,
      );
    }
  }

  async function doOpen(req: SessionWindowRequest, key: string): Promise<void> {
    const facts = await checkCertificate(req);
    const existing = entries.get(key);
    if (existing && !existing.page.isClosed()) {
      existing.title = req.title;
      if (existing.url !== req.url) {
        // A fresh URL (resumed or renewed session): reload the window with it.
        existing.url = req.url;
        await load(existing.page, req, facts);
        loaded(key);
      }
      await existing.page.bringToFront();
      focused = key;
      emit();
      return;
    }
    const page = await (await getContext()).newPage();
    // The stand-in of "Leave the session?": the launcher asked to reload or close, so leave.
    page.on(
      'dialog',
      (d) => void (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => undefined),
    );
    const entry: Entry = { page, computerId: req.computerId, kind: req.kind, title: req.title, url: req.url };
    entries.set(key, entry);
    page.on('close', () => {
      if (entries.get(key)?.page !== page) return;
      entries.delete(key);
      if (focused === key) focused = undefined;
      emit();
    });
    focused = key;
    emit();
    await load(page, req, facts);
    loaded(key);
  }

  return {
    open(req) {
      const key = keyOf(req.computerId, req.kind);
      const run = (opening.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => doOpen(req, key));
      opening.set(key, run);
      return run.finally(() => {
        if (opening.get(key) === run) opening.delete(key);
      });
    },
    focus(computerId, kind) {
      const key = keyOf(computerId, kind);
      const e = entries.get(key);
      if (!e || e.page.isClosed()) return false;
      void e.page.bringToFront().catch(() => undefined);
      focused = key;
      emit();
      return true;
    },
    close(computerId, kind) {
      for (const k of kind ? [kind] : (['app', 'desktop'] as const)) {
        const e = entries.get(keyOf(computerId, k));
        if (e) void e.page.close().catch(() => undefined);
      }
    },
    list,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    page: (computerId, kind) => entries.get(keyOf(computerId, kind))?.page,
    loads: (computerId, kind) => loadCount.get(keyOf(computerId, kind)) ?? 0,
  };
}
