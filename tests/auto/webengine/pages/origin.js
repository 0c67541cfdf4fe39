// Exercises all three ways to talk to main, from whatever kind of page loads it.
window.results = {};
ipcRenderer.invoke('who').then(v => { results.invoke = v; },
                               e => { results.invoke = 'ERR ' + e.message; });
try {
    results.sync = ipcRenderer.sendSync('who-sync');
} catch (e) {
    results.sync = 'ERR ' + e.message;
}
ipcRenderer.send('who-send');
