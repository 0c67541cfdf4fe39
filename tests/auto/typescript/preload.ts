// A preload written in TypeScript against webipc-electron-types (Electron's pattern 2 and 3).
import { contextBridge, ipcRenderer, IpcRendererEvent, IpcInvokeError, IpcRendererInvokeEvent, IpcStream } from 'electron/renderer';
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

// Beyond Electron: cancellation and timeouts, page handlers for WebContents::invoke(), streams.
const controller = new AbortController();
ipcRenderer.invokeWithOptions<number>('slow', { signal: controller.signal, timeout: 500 }, 1)
    .then((n: number) => n + 1, (e: IpcInvokeError) => e.code);
ipcRenderer.handle('page:sum', (event: IpcRendererInvokeEvent, a: number, b: number) => {
    event.signal.addEventListener('abort', () => {});
    return a + b;
});
ipcRenderer.handleOnce('page:once', () => 'once');
ipcRenderer.removeHandler('page:sum');
(async () => {
    const chunks: IpcStream<Uint8Array> = ipcRenderer.stream<Uint8Array>('file:read', '/tmp/x');
    for await (const chunk of chunks)
        console.log(chunk.byteLength);
    const reader = ipcRenderer.streamWithOptions<string>('lines', { signal: controller.signal }).readable.getReader();
    const first = await reader.read();
    ipcRenderer.stream('lines').cancel();
    return first.value;
})();

// What the declarations must refuse:
// @ts-expect-error invokeWithOptions takes its options before the arguments
ipcRenderer.invokeWithOptions('slow', 1, { timeout: 5 });
// @ts-expect-error a stream is read with for await, it is no Promise
ipcRenderer.stream('lines').then(() => {});
// @ts-expect-error invoke<T> gives a Promise<T>, not a T
const wrong: string = ipcRenderer.invoke<string>('x');
// @ts-expect-error a channel is a string
ipcRenderer.send(42);
// @ts-expect-error WebIpc has no sendToHost
ipcRenderer.sendToHost('x');
void wrong;
