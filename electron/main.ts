import { app, BrowserWindow, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { FILE_SCHEME, IPC, type MenuCommand, type RecentFile } from '../shared/host-contract.ts';
import { APP_ORIGIN, FileRegistry, handleAppRequest, handleFileRequest, isAppUrl } from './file-protocol.ts';
import { AccessGrants } from './access-grants.ts';
import { ApprovalStore } from './approvals.ts';
import { registerIpc } from './ipc.ts';
import { RecentFiles } from './recent-files.ts';
import { SaveFiles } from './save-files.ts';

/** Desktop entry: serves dist/ on app://sluice/, opened files on sluice-file://, and the HostApi over IPC. */

const DIST_DIR = path.join(__dirname, '..', 'dist');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true };

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: PRIVILEGES },
  { scheme: FILE_SCHEME, privileges: PRIVILEGES },
]);
app.enableSandbox();

const registry = new FileRegistry();
/** Saves in progress: their temporary files go when the page crashes or reloads, or the app quits. */
const saves = new SaveFiles();
let recent: RecentFiles;
let mainWindow: BrowserWindow | null = null;
/** Set by the Recent files menu: the next open dialog starts at this file. */
let dialogDefaultPath: string | undefined;

function sendMenuCommand(command: MenuCommand): void {
  mainWindow?.webContents.send(IPC.menuCommand, command);
}

function buildMenu(recentFiles: readonly RecentFile[]): void {
  const mod = 'CmdOrCtrl';
  const recentItems: MenuItemConstructorOptions[] = recentFiles.length === 0
    ? [{ label: 'No recent files', enabled: false }]
    : recentFiles.map((file) => ({
        label: file.path,
        click: () => {
          dialogDefaultPath = file.path;
          sendMenuCommand('open-file');
        },
      }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: `${mod}+O`, click: () => sendMenuCommand('open-file') },
        { label: 'Recent files', submenu: recentItems },
        { type: 'separator' },
        { label: 'Close dataset', accelerator: `${mod}+W`, click: () => sendMenuCommand('close-dataset') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Sluice',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    saves.abortAll();
  });
  win.webContents.on('render-process-gone', () => saves.abortAll());
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) saves.abortAll();
  });
  mainWindow = win;
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

// Every web contents: no navigation off the app origin, no new windows, no <webview>.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('will-quit', () => saves.abortAll());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});

void app.whenReady().then(async () => {
  protocol.handle('app', (request) => handleAppRequest(DIST_DIR, request));
  protocol.handle(FILE_SCHEME, (request) => handleFileRequest(registry, request));

  const allowed = (permission: string) => permission === 'clipboard-sanitized-write';
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed(permission));

  app.setAboutPanelOptions({ applicationName: 'Sluice', applicationVersion: app.getVersion() });
  recent = new RecentFiles(path.join(app.getPath('userData'), 'recent-files.json'));
  registerIpc({
    registry,
    recent,
    grants: new AccessGrants(),
    approvals: new ApprovalStore(path.join(app.getPath('userData'), 'project-approvals.json')),
    home: app.getPath('home'),
    onRecentChanged: buildMenu,
    saves,
    takeDialogDefaultPath: () => {
      const taken = dialogDefaultPath;
      dialogDefaultPath = undefined;
      return taken;
    },
  });
  buildMenu(await recent.list());
  createWindow();
});
