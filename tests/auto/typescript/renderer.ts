// The page's side: only what the preload exposed (see preload.ts).
import type { ElectronAPI } from './preload';

declare global {
    interface Window {
        electronAPI: ElectronAPI;
    }
}

const counter = document.getElementById('counter')!;
window.electronAPI.onUpdateCounter((value) => {
    const newValue = Number(counter.innerText) + value;
    counter.innerText = newValue.toString();
    window.electronAPI.counterValue(newValue);
});
window.electronAPI.openFile().then((path) => { counter.title = path ?? 'canceled'; });
// @ts-expect-error the page has no ipcRenderer of its own
window.ipcRenderer.send('x');
