// The tray adapter: renders electron/core/tray-menu.ts's model into an Electron Menu and maps
// item actions onto the launcher core. No decisions are made here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { buildTrayMenu, type TrayAction, type TrayMenuInput, type TrayMenuItem } from '../core/tray-menu.js';

/** Menu items for Electron from the model; clicks call onAction. */
export function toMenuTemplate(items: readonly TrayMenuItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
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

/** Create the tray and return a render function to call whenever the input changes. */
export function setupTray(o: {
  electron: TrayElectron;
  iconPath: string;
  input(): TrayMenuInput;
  onAction(a: TrayAction): void;
  onClick?(): void;
}) {
  let image = o.electron.emptyImage();
  if (existsSync(o.iconPath)) {
    image = o.electron.imageFromPath(o.iconPath);
    if (o.iconPath.includes('Template')) image.setTemplateImage(true);
  }
  const tray = o.electron.createTray(image);
  tray.setToolTip('Lightsail for Research Launcher');
  if (o.onClick) tray.on('click', o.onClick);
  let last: TrayMenuItem[] = [];
  const render = () => {
    last = buildTrayMenu(o.input());
    tray.setContextMenu(o.electron.buildMenu(toMenuTemplate(last, o.onAction)));
  };
  render();
  return {
    render,
    /** The model shown right now (for the e2e hook). */
    model: () => last,
    destroy: () => tray.destroy(),
  };
}
