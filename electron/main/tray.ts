// The tray adapter: renders electron/core/tray-menu.ts's model into an Electron Menu and maps
// item actions onto the launcher core. No decisions are made here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { buildTrayMenu, type TrayAction, type TrayMenuInput, type TrayMenuItem } from '../core/tray-menu.js';

/** Menu items for Electron from the model; clicks call onAction. */
export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (a: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((i): MenuItemConstructorOptions => {
    switch (i.type) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: i.label, enabled: false };
      case 'submenu':
        return { label: i.label, enabled: i.enabled, submenu: toMenuTemplate(i.submenu ?? [], onAction) };
      default: {
        const action = i.action;
        return { label: i.label, enabled: i.enabled, ...(action ? { click: () => onAction(action) } : {}) };
      }
    }
  });
}

/** Which tray icon file fits the platform (macOS template images adapt to light and dark bars). */
export function trayIconPath(buildDir: string, platform: string, dark: boolean): string {
  if (platform === 'darwin') return join(buildDir, 'tray', 'trayTemplate.png');
  return join(buildDir, 'tray', dark ? 'tray-dark.png' : 'tray-light.png');
}

/** The Electron pieces the tray adapter uses. */
export interface TrayElectron {
  createTray(image: NativeImage): Tray;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  imageFromPath(path: string): NativeImage;
  emptyImage(): NativeImage;
}

/** Create the tray icon, or undefined where the desktop has none (creating it threw). */
export function createTrayIcon(
  electron: Omit<TrayElectron, 'buildMenu'>,
  iconPath: string,
  log: { warn(...a: unknown[]): void },
): Tray | undefined {
  let image = electron.emptyImage();
  if (existsSync(iconPath)) {
    image = electron.imageFromPath(iconPath);
    if (iconPath.includes('Template')) image.setTemplateImage(true);
  }
  try {
    const tray = electron.createTray(image);
    tray.setToolTip('Lightsail for Research Launcher');
    return tray;
  } catch (err) {
    log.warn('no tray icon on this desktop: closing the launcher will minimise it', err);
    return undefined;
  }
}

/** Keep the tray's menu in step with the model; returns a render function to call on changes. */
export function bindTrayMenu(
  tray: Pick<Tray, 'on' | 'setContextMenu'>,
  o: {
    buildMenu: TrayElectron['buildMenu'];
    input(): TrayMenuInput;
    onAction(a: TrayAction): void;
    onClick?(): void;
  },
) {
  if (o.onClick) tray.on('click', o.onClick);
  let last: TrayMenuItem[] = [];
  const render = () => {
    last = buildTrayMenu(o.input());
    tray.setContextMenu(o.buildMenu(toMenuTemplate(last, o.onAction)));
  };
  render();
  return {
    render,
    /** The model shown right now (for the e2e hook). */
    model: () => last,
  };
}

/** The tray on the main context: its icon, and the menu once setupTray has bound it to the core. */
export interface LauncherTray {
  readonly icon: Tray;
  /** The menu model shown right now ([] before the menu is bound; the e2e hook and self-check read it). */
  model(): TrayMenuItem[];
  /** Bind the menu (see bindTrayMenu); it renders now and on every render(). */
  bindMenu(o: Parameters<typeof bindTrayMenu>[1]): ReturnType<typeof bindTrayMenu>;
}

/** The context's tray around an icon (createTrayIcon's), or undefined without one. */
export function createLauncherTray(icon: Tray | undefined): LauncherTray | undefined {
  if (!icon) return undefined;
  let menu: ReturnType<typeof bindTrayMenu> | undefined;
  return {
    icon,
    model: () => menu?.model() ?? [],
    bindMenu: (o) => (menu = bindTrayMenu(icon, o)),
  };
}
