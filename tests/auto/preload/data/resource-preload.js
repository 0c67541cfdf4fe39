const { contextBridge } = require('electron')
contextBridge.exposeInMainWorld('fromResource', { loaded: true })
