// The launcher's renderer from app://launcher with its CSP, never from the network. The first
// frame, prerendered from the core's list into index.html, paints before the renderer's
// JavaScript runs; without the server build the page is served as is.
import { join } from 'node:path';
import { protocol } from 'electron';
import { loadFirstFrameRenderer, withFirstFrame } from '../core/first-frame.js';
import type { MainContext } from './context.js';
import { createAppProtocolHandler } from './protocol.js';

/** Serve app://launcher. */
export async function setupProtocol(ctx: MainContext): Promise<void> {
  const renderFirstFrame = await loadFirstFrameRenderer(
    join(ctx.paths.app, 'renderer', 'dist-ssr', 'first-frame.js'),
  );
  protocol.handle(
    'app',
    createAppProtocolHandler(join(ctx.paths.app, 'renderer', 'dist'), undefined, (html) =>
      withFirstFrame(html, ctx.core, renderFirstFrame),
    ),
  );
}
