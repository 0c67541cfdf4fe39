// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The page side of tests/auto/values: runs the shared codec vectors (WEBIPC_VECTORS, inlined by
// the test) and the size ladder through ipcRenderer, and compares what comes back with
// webipcSameValue (tests/data/same-value.js). Results go back to C++ as plain data.
'use strict';

window.valuesTest = (function () {
    const make = (expression) => (0, eval)('(' + expression + ')');

    function can(check) {
        try {
            return !!check();
        } catch (e) {
            return false;
        }
    }

    const features = {
        BigInt: typeof BigInt === 'function',
        DOM: typeof document !== 'undefined',
        WeakRef: typeof WeakRef === 'function',
        SharedMemory: can(() => typeof SharedArrayBuffer === 'function'
                          || new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true })),
        RegExpDotAll: can(() => new RegExp('', 's').dotAll),
        WritableStack: can(() => { const e = new Error('x'); e.stack = 's'; return e.stack === 's'; }),
        StandardProxy: Object.prototype.toString.call(new Proxy({}, {})) === '[object Object]',
        StandardRegExpSource: /a\/b/.source === 'a\\/b',
    };

    const missing = (vector) => (vector.needs || []).filter((need) => !features[need]);

    // event.reply answers come back on one channel, by vector name.
    const replies = new Map();
    ipcRenderer.on('echo-reply', (event, name, value) => {
        const resolve = replies.get(name);
        replies.delete(name);
        if (resolve)
            resolve(value);
    });

    function reply(name) {
        return new Promise((resolve, reject) => {
            replies.set(name, resolve);
            setTimeout(() => reject(new Error('no reply for ' + name)), 20000);
        });
    }

    // Page -> C++ -> page, through invoke (result), sendSync (returnValue) and send
    // (event.reply), for every vector this page can build.
    async function roundTrips() {
        const failures = [];
        const skipped = [];
        let checked = 0;
        for (const vector of WEBIPC_VECTORS.vectors) {
            const lacking = missing(vector);
            if (lacking.length) {
                skipped.push(vector.name + ' (this page has no ' + lacking.join(', ') + ')');
                continue;
            }
            const expected = vector.expect || vector.js;
            const check = (path, value) => {
                const difference = webipcSameValue(value, make(expected));
                if (difference)
                    failures.push(path + ' ' + vector.name + ': ' + difference);
                ++checked;
            };
            try {
                check('invoke', await ipcRenderer.invoke('echo', vector.name, make(vector.js)));
            } catch (e) {
                failures.push('invoke ' + vector.name + ': ' + e.message);
            }
            try {
                check('sendSync', ipcRenderer.sendSync('echo-sync', vector.name, make(vector.js)));
            } catch (e) {
                failures.push('sendSync ' + vector.name + ': ' + e.message);
            }
            try {
                const replied = reply(vector.name);
                ipcRenderer.send('echo-send', vector.name, make(vector.js));
                check('send/event.reply', await replied);
            } catch (e) {
                failures.push('send ' + vector.name + ': ' + e.message);
            }
        }
        if (({}).polluted !== undefined || Object.prototype.polluted !== undefined)
            failures.push('Object.prototype was polluted');
        return { failures, skipped, checked };
    }

    // What cannot be cloned: send and sendSync throw, invoke rejects, with the exact message.
    async function cloneErrors() {
        const failures = [];
        const skipped = [];
        let checked = 0;
        for (const vector of WEBIPC_VECTORS.errors) {
            const lacking = missing(vector);
            if (lacking.length) {
                skipped.push(vector.name + ' (this page has no ' + lacking.join(', ') + ')');
                continue;
            }
            const expectError = (path, error) => {
                if (!(error instanceof Error) || error.message !== vector.error)
                    failures.push(path + ' ' + vector.name + ': got ' + (error && error.message)
                                  + ', expected ' + vector.error);
                ++checked;
            };
            for (const method of ['send', 'sendSync']) {
                try {
                    ipcRenderer[method]('never', make(vector.js));
                    failures.push(method + ' ' + vector.name + ': did not throw');
                } catch (e) {
                    expectError(method, e);
                }
            }
            try {
                await ipcRenderer.invoke('never', make(vector.js));
                failures.push('invoke ' + vector.name + ': did not reject');
            } catch (e) {
                expectError('invoke', e);
            }
        }
        return { failures, skipped, checked };
    }

    // WebContents::send from C++: { name: difference } as messages arrive.
    const fromQt = {};
    let fromQtCount = 0;
    ipcRenderer.on('from-qt', (event, section, name, value) => {
        const vector = WEBIPC_VECTORS[section].find((v) => v.name === name);
        fromQt[name] = missing(vector).length ? 'skipped'
                : webipcSameValue(value, make(section === 'fromQt' ? vector.js
                                                                    : vector.expect || vector.js));
        ++fromQtCount;
    });

    // ---- sizes (B97)

    function makeString(n) {
        const parts = [];
        for (let start = 0; start < n; start += 65536) {
            const length = Math.min(65536, n - start);
            const codes = new Uint16Array(length);
            for (let j = 0; j < length; ++j) {
                const k = start + j;
                codes[j] = k % 997 === 0 ? 0x2713 : 0x21 + (k * 7) % 94;
            }
            parts.push(String.fromCharCode.apply(null, codes));
        }
        return parts.join('');
    }

    function makeBytes(n) {
        const bytes = new Uint8Array(n);
        for (let i = 0; i < n; ++i)
            bytes[i] = (i * 31 + (i >> 8)) & 255;
        return bytes;
    }

    function makePayload(kind, n) {
        if (kind === 'string')
            return makeString(n);
        if (kind === 'bytes')
            return makeBytes(n);
        return { text: makeString(n), bytes: makeBytes(n), meta: { size: n, kind: 'nested' } };
    }

    function samePayload(kind, n, value) {
        if (kind === 'string')
            return value === makeString(n) ? '' : 'the string differs';
        return webipcSameValue(value, makePayload(kind, n));
    }

    async function sizes(list) {
        const failures = [];
        let checked = 0;
        for (const kind of ['string', 'bytes', 'nested']) {
            for (const n of list) {
                const label = kind + ' of ' + n;
                const check = (path, value) => {
                    const difference = samePayload(kind, n, value);
                    if (difference)
                        failures.push(path + ' ' + label + ': ' + difference);
                    ++checked;
                };
                try {
                    check('invoke', await ipcRenderer.invoke('size', kind, n, makePayload(kind, n)));
                    check('sendSync', ipcRenderer.sendSync('size-sync', kind, n,
                                                           makePayload(kind, n)));
                    const replied = reply(label);
                    ipcRenderer.send('size-send', kind, n, makePayload(kind, n), label);
                    check('send/event.reply', await replied);
                } catch (e) {
                    failures.push(label + ': ' + e.message);
                }
            }
        }
        return { failures, checked };
    }

    const fromQtSizes = [];
    ipcRenderer.on('size-from-qt', (event, kind, n, value) => {
        const difference = samePayload(kind, n, value);
        fromQtSizes.push(difference ? kind + ' of ' + n + ': ' + difference : '');
    });

    return { features, roundTrips, cloneErrors, fromQt, fromQtCount: () => fromQtCount,
             sizes, fromQtSizes };
})();
