const { contextBridge, ipcRenderer } = require('electron/renderer')

contextBridge.exposeInMainWorld('electronAPI', {
  twice: (value) => ipcRenderer.invoke('twice', value),
  hasRequire: typeof require
})
