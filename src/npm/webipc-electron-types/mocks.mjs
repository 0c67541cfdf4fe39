// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// webipc-electron-types/mocks: a stand-in for window.ipcRenderer, to unit-test page code
// without Qt (in node, jsdom, vitest, jest...). The "main side" is a function of yours:
//
//   import { mockIPC, emit, clearMocks } from 'webipc-electron-types/mocks';
//   mockIPC((channel, args, kind) => channel === 'add' ? args[0] + args[1] : undefined);
//   await ipcRenderer.invoke('add', 1, 2);   // 3
//   emit('status', 'ready');                 // to the page's ipcRenderer.on('status', ...)
//   clearMocks();
//
// It behaves as WebIpc does where a test could tell: arguments and results are copies
// (structured clone), what cannot be cloned throws (send, sendSync) or rejects (invoke) with
// "An object could not be cloned.", a failing handler rejects the invoke with Electron's
// "Error invoking remote method '<channel>': <error>", and listeners get (event, ...args).

let current = null;

// Electron's own message for what its IPC cannot carry (functions, symbols, DOM objects...).
function cloned(value) {
    try {
        return structuredClone(value);
    } catch {
        throw new Error('An object could not be cloned.');
    }
}

function channelName(channel) {
    if (typeof channel !== 'string' && typeof channel !== 'number')
        throw new TypeError(`channel must be a string, got ${typeof channel}`);
    return String(channel);
}

class MockIpcRenderer {
    #handler;
    #listeners = new Map(); // channel -> [{ listener, once }]

    constructor(handler) {
        this.#handler = handler;
    }

    send(channel, ...args) {
        const name = channelName(channel);
        this.#handler(name, cloned(args), 'send');
    }

    invoke(channel, ...args) {
        let name;
        let copy;
        try {
            name = channelName(channel);
            copy = cloned(args);
        } catch (error) {
            return Promise.reject(error);
        }
        return (async () => {
            try {
                return cloned(await this.#handler(name, copy, 'invoke'));
            } catch (error) {
                throw new Error(`Error invoking remote method '${name}': ${String(error)}`);
            }
        })();
    }

    sendSync(channel, ...args) {
        const name = channelName(channel);
        const result = this.#handler(name, cloned(args), 'sendSync');
        if (result && typeof result.then === 'function')
            throw new TypeError(`mockIPC: the handler answered sendSync('${name}') with a Promise; return the value itself`);
        return cloned(result);
    }

    #add(channel, listener, once, prepend) {
        if (typeof listener !== 'function')
            throw new TypeError('The "listener" argument must be of type function');
        const name = channelName(channel);
        const list = this.#listeners.get(name) ?? [];
        const entry = { listener, once };
        if (prepend)
            list.unshift(entry);
        else
            list.push(entry);
        this.#listeners.set(name, list);
        return this;
    }
    on(channel, listener) { return this.#add(channel, listener, false, false); }
    addListener(channel, listener) { return this.#add(channel, listener, false, false); }
    once(channel, listener) { return this.#add(channel, listener, true, false); }
    prependListener(channel, listener) { return this.#add(channel, listener, false, true); }
    prependOnceListener(channel, listener) { return this.#add(channel, listener, true, true); }

    off(channel, listener) {
        const name = channelName(channel);
        const list = this.#listeners.get(name);
        if (!list)
            return this;
        // As EventEmitter: the most recently added registration of that listener goes.
        for (let i = list.length - 1; i >= 0; --i) {
            if (list[i].listener === listener) {
                list.splice(i, 1);
                break;
            }
        }
        if (list.length === 0)
            this.#listeners.delete(name);
        return this;
    }
    removeListener(channel, listener) { return this.off(channel, listener); }

    removeAllListeners(channel) {
        if (channel === undefined)
            this.#listeners.clear();
        else
            this.#listeners.delete(channelName(channel));
        return this;
    }
    listenerCount(channel) { return this.#listeners.get(channelName(channel))?.length ?? 0; }
    listeners(channel) { return (this.#listeners.get(channelName(channel)) ?? []).map((e) => e.listener); }
    eventNames() { return [...this.#listeners.keys()]; }

    // What emit() does: the listeners there are now, in order, each with its own copy.
    _emit(channel, args) {
        const name = channelName(channel);
        const list = [...(this.#listeners.get(name) ?? [])];
        for (const entry of list) {
            if (entry.once)
                this.off(name, entry.listener);
            entry.listener({ sender: this, ports: [] }, ...cloned(args));
        }
        return list.length;
    }
}

function install(ipcRenderer) {
    globalThis.ipcRenderer = ipcRenderer;
    if (typeof globalThis.window === 'object' && globalThis.window !== null && globalThis.window !== globalThis)
        globalThis.window.ipcRenderer = ipcRenderer;
}

/**
 * Installs a mock ipcRenderer (as globalThis.ipcRenderer, and window.ipcRenderer where there is
 * a window) whose main side is `handler(channel, args, kind)`, kind being 'invoke', 'send' or
 * 'sendSync'. Returns it. Replaces an earlier mock (its listeners go with it).
 */
export function mockIPC(handler) {
    if (typeof handler !== 'function')
        throw new TypeError('mockIPC: the handler must be a function (channel, args, kind) => result');
    current = new MockIpcRenderer(handler);
    install(current);
    return current;
}

/** Sends `channel` with `args` from the "main side" to the mock's listeners, at once; returns how many ran. */
export function emit(channel, ...args) {
    if (!current)
        throw new Error('emit: call mockIPC() first');
    return current._emit(channel, args);
}

/** The mock mockIPC() installed, or undefined. */
export function mockedIpcRenderer() {
    return current ?? undefined;
}

/** Removes the mock and its listeners. */
export function clearMocks() {
    current = null;
    delete globalThis.ipcRenderer;
    if (typeof globalThis.window === 'object' && globalThis.window !== null)
        delete globalThis.window.ipcRenderer;
}
