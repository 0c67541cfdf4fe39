// The page: plain TypeScript against window.ipcRenderer, typed by ipc.d.ts, which WebIpc
// generated from the C++ registrations (todos.cpp). tsc refuses a misspelt channel, a wrong
// argument or a wrong use of a result; try it in wrong/wrong-calls.ts.

type Todo = WebIpcElectron.Todo;

const list = document.getElementById('list')!;
const checks: string[] = [];

function render(todos: Todo[]): void {
    list.replaceChildren(
        ...todos.map((todo) => {
            const item = document.createElement('li');
            item.textContent = `${todo.done ? '✓' : '·'} ${todo.title} (${todo.priority})`;
            item.onclick = () => void ipcRenderer.invoke('todos:toggle', todo.id);
            return item;
        }),
    );
}

function check(what: string, ok: boolean): void {
    checks.push(`${ok ? 'ok' : 'FAILED'} ${what}`);
    console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
}

ipcRenderer.on('todos:changed', (_event, todos) => render(todos)); // todos: Todo[]

document.getElementById('add')!.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('title') as HTMLInputElement;
    void ipcRenderer.invoke('todos:add', input.value);
});

// What the example runs on its own (and what its test checks).
async function selfTest(): Promise<void> {
    const milk: Todo = await ipcRenderer.invoke('todos:add', 'Buy milk', 2);
    check('todos:add resolves with the new Todo', milk.title === 'Buy milk' && milk.priority === 2);
    const bread = await ipcRenderer.invoke('todos:add', 'Bake bread'); // priority is optional
    check('an optional argument may be left out', bread.priority === 0);
    const toggled: boolean = await ipcRenderer.invoke('todos:toggle', milk.id);
    check('todos:toggle resolves with a boolean', toggled === true);
    const todos = await ipcRenderer.invoke('todos:list');
    check('todos:list resolves with Todo[]', todos.length === 2 && todos[0].done);
    check('sendSync answers with a number', ipcRenderer.sendSync('todos:count') === 2);
    ipcRenderer.send('todos:log', 'info', { message: 'two to-dos' });
    try {
        await ipcRenderer.invoke('todos:add', '   ');
        check('an empty title is refused', false);
    } catch (error) {
        check('an empty title is refused',
            String(error).includes("Error invoking remote method 'todos:add': RangeError: a to-do needs a title"));
    }
    // Past the type checker (as plain JavaScript could): the main side still refuses it.
    const untyped = ipcRenderer as unknown as { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
    try {
        await untyped.invoke('todos:toggle', '1');
        check('a wrong argument is refused at run time too', false);
    } catch (error) {
        check('a wrong argument is refused at run time too',
            String(error).includes('TypeError: argument 1 must be an integer from -2147483648 to 2147483647, got string'));
    }
    ipcRenderer.send('todos:done', checks.every((line) => line.startsWith('ok')));
}

void selfTest();
