// The page side: window.ipcRenderer is there before this module runs (WebIpc injects it at
// document creation). Bundled by Vite into dist/assets/index-<hash>.js.
import { describe } from './describe.js';

const status = document.getElementById('status');

async function main() {
  const answer = await window.ipcRenderer.invoke('greet', 'Vite');
  status.textContent = answer;
  window.ipcRenderer.send('report', describe(answer));
}

main().catch((error) => window.ipcRenderer.send('report', `error: ${error.message}`));
