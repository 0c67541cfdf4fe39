// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What a preload script sees, as in Electron with contextIsolation: it runs in WebIpc's
// isolated world, wrapped in a function whose parameters are require, process, global,
// setImmediate, clearImmediate, exports and module. require('electron') (and
// 'electron/renderer', 'electron/common') gives { ipcRenderer, contextBridge, webFrame }.
//
// ipcRenderer here is the same implementation as the main world's (ipc-renderer.js), over a
// port that calls the bridge directly (bridge-boot.js): nothing crosses the DOM. contextBridge
// talks to the main world's half (main-world.js) over DOM events whose names the main world
// drew at random and handed over before any page script ran.
//
// config: { preloadPath, platform, versions: { chrome, qt, webipc } }
// ipcPort: { post(messages), sync(messages) } (see ipc-renderer.js)
// Returns { run(preloadFunction), connectMainWorld(toIsolatedEvent, toMainEvent, nodeEvent) }.
function startWebIpcPreloadRuntime(config, ipcPort, codec) {
    'use strict';

    var BIND_ERROR = 'Cannot bind an API on top of an existing property on the window object';

    // Even invoke ids: the main world's ipcRenderer, when the application exposes one too, uses
    // odd ones, and both hear the bridge's replies.
    if (config.maxMessageSize > 0)
        codec.setMaximumMessageSize(config.maxMessageSize);
    var renderer = createWebIpcRenderer(ipcPort, codec, {
        firstInvokeId: 2, invokeIdStep: 2, reportUnheard: true,
        bytesThreshold: window.top === window ? config.bytesThreshold : 0 });
    var ipcRenderer = renderer.ipcRenderer;

    // The port to the main world: events are [isAnswer, payload] (see context-bridge.js).
    var toMainEvent = null;
    var answer;
    var NO_ANSWER = {};
    var queued = []; // messages for the main world before it connected (exposeInMainWorld)

    function dispatch(detail) {
        document.dispatchEvent(new CustomEvent(toMainEvent, { detail: detail }));
    }

    // DOM nodes cross as themselves: an event at the node, caught by the other world.
    var nodeEvent = null;
    var nodesIn = new Map();
    var handingOver = false;

    var port = {
        handOverNode: function (node, seq) {
            if (!nodeEvent)
                throw new Error('An object could not be cloned.');
            handingOver = true;
            try {
                node.dispatchEvent(new CustomEvent(nodeEvent, { detail: seq }));
            } finally {
                handingOver = false;
            }
        },
        takeNode: function (seq) {
            var node = nodesIn.get(seq);
            nodesIn.delete(seq);
            return node;
        },
        send: function (message) {
            if (!toMainEvent) {
                queued.push(message);
                return undefined;
            }
            var saved = answer;
            answer = NO_ANSWER;
            dispatch([false, message]);
            var result = answer;
            answer = saved;
            return result === NO_ANSWER ? undefined : result;
        }
    };

    var bridge = createWebIpcContextBridge(port, { opaque: [ipcRenderer] });

    function runDirectly(fn) { return fn(); }

    function connectMainWorld(toIsolated, toMain, nodes) {
        if (toMainEvent || typeof toIsolated !== 'string' || typeof toMain !== 'string')
            return;
        toMainEvent = toMain;
        if (typeof nodes === 'string') {
            nodeEvent = nodes;
            window.addEventListener(nodes, function (event) {
                if (!handingOver && typeof event.detail === 'number')
                    nodesIn.set(event.detail, event.target);
            }, true);
        }
        document.addEventListener(toIsolated, function (event) {
            var detail = event.detail;
            if (!Array.isArray(detail))
                return;
            if (detail[0] === true) {
                answer = detail[1];
                return;
            }
            var reply = bridge.handle(detail[1], runDirectly);
            if (reply !== undefined)
                dispatch([true, reply]);
        });
        var pending = queued;
        queued = [];
        pending.forEach(function (message) {
            var result = port.send(message);
            if (Array.isArray(result) && result[0] === false)
                console.error(String(Array.isArray(result[1]) ? result[1][1] : result[1]));
        });
    }

    var exposedKeys = new Set();

    var contextBridge = {
        exposeInMainWorld: function (key, api) {
            if (typeof key !== 'string')
                throw new TypeError('Error processing argument at index 0, conversion failure '
                                    + 'from ' + String(key));
            if (exposedKeys.has(key))
                throw new Error(BIND_ERROR);
            var value = bridge.encodeValue(api);
            exposedKeys.add(key);
            var result = port.send([bridge.EXPOSE, key, value, null]);
            if (result !== undefined)
                bridge.settleAnswer(result);
        },
        exposeInIsolatedWorld: function () {
            throw new Error('contextBridge.exposeInIsolatedWorld is not supported by WebIpc: '
                            + 'its preload has one isolated world');
        },
        executeInMainWorld: function (script) {
            if (!script || typeof script.func !== 'function')
                throw new TypeError('Expected script.func to be a function');
            var args = script.args === undefined ? [] : script.args;
            if (!Array.isArray(args))
                throw new TypeError('Expected script.args to be an array');
            if (!toMainEvent)
                throw new Error('contextBridge: the main world is not available in this document');
            return bridge.settleAnswer(port.send([bridge.EXECUTE, String(script.func),
                                                  bridge.encodeArgs(args), false]));
        }
    };

    var webFrame = {
        // Runs code in the page's main world; resolves with (a copy of) its result.
        executeJavaScript: function (code) {
            return new Promise(function (resolve) {
                if (!toMainEvent)
                    throw new Error('webFrame: the main world is not available in this document');
                resolve(bridge.settleAnswer(port.send([bridge.EXECUTE, String(code), [], true])));
            });
        }
    };

    var electron = Object.freeze({ ipcRenderer: ipcRenderer, contextBridge: Object.freeze(contextBridge),
                                   webFrame: Object.freeze(webFrame) });
    var modules = new Map([['electron', electron], ['electron/renderer', electron],
                           ['electron/common', electron]]);

    function require(name) {
        if (modules.has(name))
            return modules.get(name);
        throw new Error("Cannot find module '" + name + "'");
    }

    var versions = config.versions || {};
    var process = Object.freeze({
        type: 'renderer',
        platform: config.platform,
        versions: Object.freeze({ chrome: versions.chrome, qt: versions.qt,
                                  webipc: versions.webipc }),
        contextIsolated: true,
        sandboxed: true,
        argv: Object.freeze([]),
        env: Object.freeze({})
    });

    function setImmediate(fn) {
        var args = Array.prototype.slice.call(arguments, 1);
        return setTimeout(function () { fn.apply(undefined, args); }, 0);
    }

    function run(preload) {
        var module = { exports: {} };
        try {
            preload.call(module.exports, require, process, window, setImmediate, clearTimeout,
                         module.exports, module);
        } catch (error) {
            console.error('Unable to load preload script: ' + config.preloadPath);
            console.error(error);
        }
    }

    return { run: run, connectMainWorld: connectMainWorld, renderer: renderer };
}
