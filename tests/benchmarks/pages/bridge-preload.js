// The preload of bridge.html: an exposed function, and the bare DOM event round trip
// between this world and the page's that contextBridge is built on.
const { contextBridge } = require('electron')
contextBridge.exposeInMainWorld('benchBridge', { echo: (value) => value })
document.addEventListener('bench-raw-ping', (event) => {
  document.dispatchEvent(new CustomEvent('bench-raw-pong', { detail: event.detail }))
})
