// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// ctest "mocks": webipc-electron-types/mocks under node's own test runner (node --test), as a
// web developer's unit test of page code would use it.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { mockIPC, emit, clearMocks, mockedIpcRenderer } from '../../../src/npm/webipc-electron-types/mocks.mjs';

afterEach(() => clearMocks());

// Page code under test: it only knows the global ipcRenderer.
async function total(items) {
    return ipcRenderer.invoke('sum', items);
}

test('invoke resolves with what the handler returns, and passes copies', async () => {
    const seen = [];
    mockIPC((channel, args, kind) => {
        seen.push({ channel, args, kind });
        return args[0].reduce((a, b) => a + b, 0);
    });
    const items = [1, 2, 3];
    assert.equal(await total(items), 6);
    assert.deepEqual(seen, [{ channel: 'sum', args: [[1, 2, 3]], kind: 'invoke' }]);
    assert.notEqual(seen[0].args[0], items, 'the main side gets a copy, as over real IPC');
});

test('invoke waits for a promise, and a failing handler rejects with Electron\'s message', async () => {
    mockIPC(async (channel) => {
        if (channel === 'later')
            return new Date(0);
        throw new TypeError('argument 2 must be a number, got string');
    });
    const date = await ipcRenderer.invoke('later');
    assert.ok(date instanceof Date);
    await assert.rejects(ipcRenderer.invoke('add', 1, '2'), {
        message: "Error invoking remote method 'add': TypeError: argument 2 must be a number, got string",
    });
});

test('what cannot be cloned throws (send, sendSync) or rejects (invoke)', async () => {
    let calls = 0;
    mockIPC(() => { ++calls; });
    assert.throws(() => ipcRenderer.send('x', () => 1), { message: 'An object could not be cloned.' });
    assert.throws(() => ipcRenderer.sendSync('x', Symbol('s')), { message: 'An object could not be cloned.' });
    await assert.rejects(ipcRenderer.invoke('x', { f() {} }), { message: 'An object could not be cloned.' });
    assert.equal(calls, 0, 'nothing reached the main side');
});

test('send reaches the handler with kind "send"', () => {
    const seen = [];
    mockIPC((channel, args, kind) => seen.push([channel, args, kind]));
    ipcRenderer.send('log', 'info', { n: 1 });
    assert.deepEqual(seen, [['log', ['info', { n: 1 }], 'send']]);
});

test('sendSync returns the handler\'s value at once; a Promise is refused', () => {
    mockIPC((channel, args, kind) => (kind === 'sendSync' && channel === 'double' ? args[0] * 2 : Promise.resolve(1)));
    assert.equal(ipcRenderer.sendSync('double', 21), 42);
    assert.throws(() => ipcRenderer.sendSync('async'), /return the value itself/);
});

test('emit pushes events from the main side to the listeners, in order, with an event first', () => {
    const ipc = mockIPC(() => undefined);
    const got = [];
    const listener = (event, state, code) => {
        assert.equal(event.sender, ipc);
        assert.deepEqual(event.ports, []);
        got.push(`${state}:${code}`);
    };
    ipcRenderer.on('status', listener);
    ipcRenderer.once('status', () => got.push('once'));
    ipcRenderer.prependListener('status', () => got.push('first'));
    assert.equal(emit('status', 'ready', 42), 3);
    assert.equal(emit('status', 'busy', 1), 2);
    assert.deepEqual(got, ['first', 'ready:42', 'once', 'first', 'busy:1']);
    assert.equal(ipcRenderer.listenerCount('status'), 2);
    assert.deepEqual(ipcRenderer.eventNames(), ['status']);
    ipcRenderer.off('status', listener);
    assert.deepEqual(ipcRenderer.listeners('status').length, 1);
    ipcRenderer.removeAllListeners();
    assert.equal(emit('status', 'gone'), 0);
});

test('emit gives each listener its own copy', () => {
    mockIPC(() => undefined);
    const copies = [];
    ipcRenderer.on('data', (_e, value) => { value.n++; copies.push(value); });
    ipcRenderer.on('data', (_e, value) => copies.push(value));
    const sent = { n: 1 };
    emit('data', sent);
    assert.equal(sent.n, 1);
    assert.equal(copies[1].n, 1);
});

test('window.ipcRenderer too, where there is a window; clearMocks removes both', () => {
    globalThis.window = {};
    try {
        const ipc = mockIPC(() => 1);
        assert.equal(window.ipcRenderer, ipc);
        assert.equal(mockedIpcRenderer(), ipc);
        clearMocks();
        assert.equal(window.ipcRenderer, undefined);
        assert.equal(globalThis.ipcRenderer, undefined);
        assert.equal(mockedIpcRenderer(), undefined);
        assert.throws(() => emit('x'), /call mockIPC\(\) first/);
    } finally {
        delete globalThis.window;
    }
});

test('bad use says what is wrong', () => {
    assert.throws(() => mockIPC(42), /handler must be a function/);
    mockIPC(() => undefined);
    assert.throws(() => ipcRenderer.on('x', 'not a function'), /listener/);
    assert.throws(() => ipcRenderer.send({}), /channel must be a string/);
});
