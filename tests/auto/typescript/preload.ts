// A preload written in TypeScript against webipc-electron-types (Electron's pattern 2 and 3).
import { contextBridge, ipcRenderer, IpcRendererEvent } from 'electron/renderer';
import { webFrame } from 'electron';

export interface ElectronAPI {
    openFile(): Promise<string | undefined>;
    onUpdateCounter(callback: (value: number) => void): void;
    counterValue(value: number): void;
}

const api: ElectronAPI = {
    openFile: () => ipcRenderer.invoke<string | undefined>('dialog:openFile'),
    onUpdateCounter: (callback) =>
        ipcRenderer.on('update-counter', (_event: IpcRendererEvent, value: number) => callback(value)),
    counterValue: (value) => ipcRenderer.send('counter-value', value),
};
contextBridge.exposeInMainWorld('electronAPI', api);

const doubled: number = ipcRenderer.sendSync<number>('double', 21);
const title: string = contextBridge.executeInMainWorld({ func: (prefix: string) => prefix + document.title, args: ['t:'] });
webFrame.executeJavaScript('1 + 1').then((value) => console.log(value, doubled, title));
ipcRenderer.on('x', (event) => { const same: typeof ipcRenderer = event.sender; same.removeAllListeners('x'); });

// What the declarations must refuse:
// @ts-expect-error invoke<T> gives a Promise<T>, not a T
const wrong: string = ipcRenderer.invoke<string>('x');
// @ts-expect-error a channel is a string
ipcRenderer.send(42);
// @ts-expect-error WebIpc has no sendToHost
ipcRenderer.sendToHost('x');
void wrong;
