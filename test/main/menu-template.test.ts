import { describe, expect, it } from 'vitest';
import { ADD_FOLDER_ACCELERATOR, buildMenuTemplate } from '../../electron/main/menu-template.js';

type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform, developer: boolean, addLibraryFolder = () => {}) {
  return buildMenuTemplate({ platform, appName: 'Winnow', developer }, { addLibraryFolder });
}

describe('the application menu', () => {
  it('offers Add Library Folder with its shortcut and calls the action', () => {
    let calls = 0;
    const item = flatten(build('linux', false, () => calls++)).find((i) => i.id === 'add-library-folder')!;
    expect(item.accelerator).toBe(ADD_FOLDER_ACCELERATOR);
    (item.click as () => void)();
    expect(calls).toBe(1);
  });

  it('has the macOS app menu only on macOS, and Quit in File elsewhere', () => {
    expect(build('darwin', false)[0]!.label).toBe('Winnow');
    expect(build('linux', false).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(flatten(build('win32', false)).some((i) => i.role === 'quit')).toBe(true);
  });

  it('keeps reload and developer tools out of the packaged app', () => {
    const roles = (developer: boolean) => flatten(build('linux', developer)).map((i) => i.role);
    expect(roles(false)).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('binds no single-key accelerators, which would fire while typing', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const item of flatten(build(platform, true))) {
        if (typeof item.accelerator === 'string') expect(item.accelerator, item.label).toMatch(/(Cmd|Ctrl|CmdOrCtrl|Alt|Option|Super)\+/);
      }
    }
  });

  it('has distinct accelerators', () => {
    const accelerators = flatten(build('linux', true)).map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
