// One permission policy for both of Electron's hooks: the request handler (prompts) and the
// check handler (synchronous queries such as navigator.permissions and clipboard reads).
// Installing only one of them leaves the other path open, so both go through this function.
import type { Session } from 'electron';
import { isAppOrigin } from '../ipc.js';

type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;

/** Every permission name Electron can ask about. */
export type PermissionName = Parameters<CheckHandler>[1];

/** What the DCV web client needs: clipboard sync, full screen, pointer and keyboard lock. */
export const SESSION_PERMISSIONS: ReadonlySet<PermissionName> = new Set<PermissionName>([
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'pointerLock',
  'keyboardLock',
]);

/** Details both handlers can give about who asks. */
export interface PermissionDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  embeddingOrigin?: string;
  securityOrigin?: string;
}

function originOf(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const o = new URL(u).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/** True when every origin involved in a permission query is one of the session's. */
export function sessionOriginOnly(
  requestingOrigin: string | undefined,
  sessionOrigins: string | readonly string[] | undefined,
  details: PermissionDetails = {},
): boolean {
  const allowed = new Set(
    (typeof sessionOrigins === 'string' ? [sessionOrigins] : (sessionOrigins ?? []))
      .map(originOf)
      .filter((o): o is string => !!o),
  );
  const who = originOf(requestingOrigin) ?? originOf(details.requestingUrl);
  if (!who || !allowed.has(who)) return false;
  // A frame embedded from elsewhere must not borrow the session's permissions.
  for (const other of [details.requestingUrl, details.embeddingOrigin, details.securityOrigin]) {
    if (other !== undefined && other !== '' && !allowed.has(originOf(other) ?? '')) return false;
  }
  return true;
}

/** Allow a permission only if DCV needs it and every origin involved is the session's. */
export function permissionDecision(
  permission: string,
  requestingOrigin: string | undefined,
  sessionOrigins: string | readonly string[] | undefined,
  details: PermissionDetails = {},
): boolean {
  if (!SESSION_PERMISSIONS.has(permission as PermissionName)) return false;
  return sessionOriginOnly(requestingOrigin, sessionOrigins, details);
}

/** Microphone and webcam for one computer: the remembered answer, and asking for one. */
export interface MediaConsent {
  /** The user's remembered answer for this computer, if any. */
  granted(): boolean | undefined;
  /** Ask the user and remember the answer. */
  ask(): Promise<boolean>;
}

/** Only camera and microphone capture (never screen capture, which has its own handler). */
function onlyCameraAndMicrophone(details: unknown): boolean {
  const types = (details as { mediaTypes?: unknown }).mediaTypes;
  return Array.isArray(types) && types.length > 0 && types.every((t) => t === 'audio' || t === 'video');
}

/** The session methods the handlers are installed on. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** Install the policy on a session; origins are read at each request (they change on reconnect). */
export function installPermissionPolicy(
  ses: PermissionSession,
  sessionOrigins: () => readonly string[],
  onDenied?: (permission: string, origin: string | undefined) => void,
  media?: MediaConsent,
): void {
  // One question at a time: DCV asks for the microphone and the camera separately.
  let asking: Promise<boolean> | undefined;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const d = details as PermissionDetails;
    if (
      permission === 'media' &&
      media &&
      onlyCameraAndMicrophone(details) &&
      sessionOriginOnly(d.requestingUrl, sessionOrigins(), { requestingUrl: d.requestingUrl })
    ) {
      const known = media.granted();
      if (known !== undefined) return callback(known);
      asking ??= media.ask().finally(() => (asking = undefined));
      void asking.then(callback, () => callback(false));
      return;
    }
    const ok = permissionDecision(permission, d.requestingUrl, sessionOrigins(), {
      requestingUrl: d.requestingUrl,
      isMainFrame: d.isMainFrame,
    });
    if (!ok) onDenied?.(permission, originOf(d.requestingUrl));
    callback(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const d = {
      requestingUrl: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      embeddingOrigin: details.embeddingOrigin,
      securityOrigin: details.securityOrigin,
    };
    // A check never asks: media is on only once the user said yes for this computer.
    if (permission === 'media')
      return media?.granted() === true && sessionOriginOnly(requestingOrigin, sessionOrigins(), d);
    return permissionDecision(permission, requestingOrigin, sessionOrigins(), d);
  });
}

/** The launcher's own page may only write plain text to the clipboard ("copy command"). */
export function launcherPermissionDecision(
  permission: string,
  requestingOrigin: string | undefined,
): boolean {
  return permission === 'clipboard-sanitized-write' && isAppOrigin(requestingOrigin ?? '');
}

/** The default session (the launcher): everything denied but clipboard writes from app://launcher. */
export function installLauncherPermissionPolicy(ses: PermissionSession): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(launcherPermissionDecision(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    launcherPermissionDecision(permission, requestingOrigin),
  );
}
