// Calls that tsc must refuse: the typed-todo-tsc-rejects test compiles this file and expects an
// error on exactly the lines marked "error:", and no other.

async function wrongCalls(): Promise<void> {
    await ipcRenderer.invoke('todos:ad', 'Buy milk'); // error: misspelt channel
    await ipcRenderer.invoke('todos:add', 42); // error: a number for the title
    await ipcRenderer.invoke('todos:add', 'Buy milk', '2'); // error: a string for the priority
    await ipcRenderer.invoke('todos:add'); // error: the title is missing
    await ipcRenderer.invoke('todos:toggle', 1, 2); // error: one argument too many
    const title: string = await ipcRenderer.invoke('todos:toggle', 1); // error: the result is a boolean
    ipcRenderer.send('todos:log', 'info', 'not an object'); // error: fields must be an object
    ipcRenderer.sendSync('todos:log', 'info', {}); // error: todos:log does not answer sendSync
    ipcRenderer.on('todos:changed', (_event, todos: string) => void todos); // error: todos is Todo[]
    const fine: WebIpcElectron.Todo = await ipcRenderer.invoke('todos:add', 'ok', 1);
    void fine;
    void title;
}

void wrongCalls();
