// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Runs in the page's main world at document creation, before the page's own scripts, after
// codec.js, ipc-renderer.js and context-bridge.js. It talks to WebIpc's isolated world through
// DOM events on the document, which both worlds share and whose dispatch is synchronous (that
// is what carries sendSync and contextBridge calls). Their names are drawn here at random for
// this document and given to the isolated world once, before any page script runs (see
// bridge-boot.js), so page code can neither listen to them nor send on them.
//
// It defines, as the C++ side asks (config: { ipcRenderer, exposeRequire, contextBridge,
// maxMessageSize }):
//   - window.ipcRenderer (configurable, so that a classic script's top-level
//     `const { ipcRenderer } = require('electron')` may shadow it), and require('electron')
//     when asked for;
//   - the main world's half of contextBridge (context-bridge.js), when a preload is set: then
//     ipcRenderer exists only in the isolated world, unless the application exposes it here too.
//
// Page code runs in this world and may replace any built-in after we start: everything used
// later is taken now, called through bound intrinsics (not through .call, which the page may
// patch), and every object handed to a built-in has no prototype (so no getter on
// Object.prototype sees it). Page functions never run inside our event listeners, where
// window.event would be our event (and tell its secret name): they run inside the dispatch of
// a harmless event on a private target instead (runClean).
function startWebIpcMainWorld(config) {
    'use strict';

    var uncurry = Function.prototype.bind.bind(Function.prototype.call);
    var doc = document;
    var win = window;
    var dispatchEvent = uncurry(EventTarget.prototype.dispatchEvent);
    var addEventListener = uncurry(EventTarget.prototype.addEventListener);
    var detailOf = uncurry(Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get);
    var CustomEventCtor = CustomEvent;
    var EventCtor = Event;
    var EventTargetCtor = EventTarget;
    var parseJson = JSON.parse;
    var getRandomValues = uncurry(Crypto.prototype.getRandomValues);
    var cryptoObject = crypto;
    var isArray = Array.isArray;
    var hasOwn = uncurry(Object.prototype.hasOwnProperty);
    var defineProperty = Object.defineProperty;
    var freeze = Object.freeze;
    var getPrototypeOf = Object.getPrototypeOf;
    var Uint8ArrayCtor = Uint8Array;
    var FunctionCtor = Function;
    var indirectEval = eval;
    var apply = Reflect.apply;
    var CONNECT_EVENT = 'webipc:connect';
    var BRIDGE_UP_EVENT = 'webipc:bridge-up';

    function randomName() {
        var bytes = new Uint8ArrayCtor(16);
        getRandomValues(cryptoObject, bytes);
        var name = 'webipc-';
        for (var i = 0; i < bytes.length; ++i)
            name += (bytes[i] + 256).toString(16).slice(1);
        return name;
    }

    // One event, initialised anew for each dispatch (constructing one costs more than the
    // dispatch itself); a new one while it is being dispatched (a listener posting again).
    var initCustomEvent = uncurry(CustomEvent.prototype.initCustomEvent);
    var eventPhaseOf = uncurry(Object.getOwnPropertyDescriptor(Event.prototype, 'eventPhase').get);
    var reusedEvent = new CustomEventCtor('webipc');
    function post(name, detail) {
        if (eventPhaseOf(reusedEvent) !== 0) {
            dispatchEvent(doc, new CustomEventCtor(name, { __proto__: null, detail: detail }));
            return;
        }
        initCustomEvent(reusedEvent, name, false, false, detail);
        dispatchEvent(doc, reusedEvent);
        if (typeof detail !== 'string' || detail.length > 4096) // not held until the next one
            initCustomEvent(reusedEvent, 'webipc', false, false, null);
    }

    function listen(name, listener) {
        addEventListener(doc, name, listener);
    }

    // Runs fn (page code) where window.event is a harmless event.
    var cleanTarget = new EventTargetCtor();
    var cleanEvent = new EventCtor('webipc');
    var cleanTask = null, cleanResult, cleanError, cleanThrew = false;
    addEventListener(cleanTarget, 'webipc', function () {
        var task = cleanTask;
        cleanTask = null;
        if (!task)
            return;
        try {
            cleanResult = task();
        } catch (error) { // a listener's exception would not reach runClean's caller
            cleanThrew = true;
            cleanError = error;
        }
    });
    function runClean(fn) {
        var savedTask = cleanTask, savedResult = cleanResult;
        cleanTask = fn;
        cleanResult = undefined;
        cleanThrew = false;
        dispatchEvent(cleanTarget, cleanEvent.eventPhase === 0 ? cleanEvent
                                                               : new EventCtor('webipc'));
        var result = cleanResult, threw = cleanThrew, error = cleanError;
        cleanTask = savedTask;
        cleanResult = savedResult;
        cleanThrew = false;
        cleanError = undefined;
        if (threw)
            throw error;
        return result;
    }

    var names = { __proto__: null };

    // ---- ipcRenderer ------------------------------------------------------------------------
    if (config.ipcRenderer) {
        var requestEvent = randomName();
        var responseEvent = randomName();
        var requestPart = randomName();
        var responsePart = randomName();
        names.request = requestEvent;
        names.response = responseEvent;
        names.requestPart = requestPart;
        names.responsePart = responsePart;
        // What crosses to the bridge and back (world-crossing.js).
        var crossing = createWebIpcCrossing({
            dispatch: post, bufferKind: WebIpcRendererWire.PageMessage.BYTES });
        var bridgeReady = false;
        var waiting = []; // batches posted before the bridge answered
        var syncAnswer = null;
        var renderer = null;

        var port = {
            post: function (messages) {
                if (bridgeReady)
                    crossing.send(requestEvent, requestPart, 'post', messages);
                else
                    waiting[waiting.length] = messages;
            },
            sync: function (messages) {
                if (!bridgeReady)
                    throw new Error('sendSync failed: the IPC bridge is not available in this '
                                    + 'document');
                var pending = waiting;
                waiting = [];
                for (var i = pending.length - 1; i >= 0; --i)
                    messages = pending[i].concat(messages);
                syncAnswer = null;
                crossing.send(requestEvent, requestPart, 'sync', messages);
                var answer = syncAnswer;
                syncAnswer = null;
                return answer;
            }
        };

        function onResponse(detail) {
            if (!detail || typeof detail !== 'object')
                return;
            if (hasOwn(detail, 'deliver')) {
                var batch = detail.deliver;
                // C++ sends most batches as one JSON text in a one-element array (outbox.cpp,
                // emitBatch()), which the bridge hands on parsed with the detail; should one
                // still come as text, it is parsed here. A message itself is always an array.
                if (batch.length === 1 && typeof batch[0] === 'string')
                    batch = parseJson(batch[0]);
                renderer.receive(batch);
            } else if (hasOwn(detail, 'syncAnswer')) {
                syncAnswer = detail.syncAnswer;
            } else if (hasOwn(detail, 'ready') && !bridgeReady) {
                bridgeReady = true;
                var pending = waiting;
                waiting = [];
                for (var i = 0; i < pending.length; ++i)
                    crossing.send(requestEvent, requestPart, 'post', pending[i]);
            }
        }
        listen(responsePart, function (event) { crossing.receivePart(detailOf(event)); });
        listen(responseEvent, function (event) {
            try {
                var detail = crossing.receive(detailOf(event));
                runClean(function () { onResponse(detail); });
            } catch (error) {
                // Nothing may escape: the page's onerror would run while window.event is ours.
            }
        });

        if (config.maxMessageSize > 0)
            WebIpcCodec.setMaximumMessageSize(config.maxMessageSize);
        // With a preload, MessagePorts are the preload's ipcRenderer's (message-ports.js).
        // Only the top frame's bridge can be pulled from: subframes send binary inline.
        renderer = createWebIpcRenderer(port, WebIpcCodec, {
            firstInvokeId: 1, invokeIdStep: 2, ports: !config.contextBridge,
            reportUnheard: !config.contextBridge,
            bytesThreshold: win.top === win ? config.bytesThreshold : 0 });
        var ipcRenderer = renderer.ipcRenderer;
        freeze(getPrototypeOf(ipcRenderer));
        freeze(ipcRenderer);
        defineProperty(win, 'ipcRenderer', { __proto__: null, value: ipcRenderer,
                                             enumerable: false, configurable: true,
                                             writable: false });

        if (config.exposeRequire && typeof win.require === 'undefined') {
            var electron = freeze({ ipcRenderer: ipcRenderer });
            defineProperty(win, 'require', {
                __proto__: null, configurable: true, writable: true, enumerable: false,
                value: function require(name) {
                    if (name === 'electron' || name === 'electron/renderer')
                        return electron;
                    throw new Error("Cannot find module '" + name + "'");
                }
            });
        }
    }

    // ---- contextBridge (the main world's half) ----------------------------------------------
    if (config.contextBridge) {
        var toIsolated = randomName();
        var toMain = randomName();
        names.toIsolated = toIsolated;
        names.toMain = toMain;
        var NO_ANSWER = {};
        var answer = NO_ANSWER;
        var BIND_ERROR = 'Cannot bind an API on top of an existing property on the window object';

        var nodeEvent = randomName();
        names.nodes = nodeEvent;
        var targetOf = uncurry(Object.getOwnPropertyDescriptor(Event.prototype, 'target').get);
        var nodesIn = new Map(); // seq -> node handed over by the isolated world
        var nodesInGet = uncurry(Map.prototype.get), nodesInSet = uncurry(Map.prototype.set);
        var nodesInDelete = uncurry(Map.prototype['delete']);
        var handingOver = false;
        addEventListener(win, nodeEvent, function (event) {
            var seq = detailOf(event);
            if (!handingOver && typeof seq === 'number')
                nodesInSet(nodesIn, seq, targetOf(event));
        }, true);

        var bridgePort = {
            handOverNode: function (node, seq) {
                handingOver = true;
                try {
                    dispatchEvent(node, new CustomEventCtor(nodeEvent,
                                                            { __proto__: null, detail: seq }));
                } finally {
                    handingOver = false;
                }
            },
            takeNode: function (seq) {
                var node = nodesInGet(nodesIn, seq);
                nodesInDelete(nodesIn, seq);
                return node;
            },
            send: function (message) {
                var saved = answer;
                answer = NO_ANSWER;
                post(toIsolated, [false, message]);
                var result = answer;
                answer = saved;
                return result === NO_ANSWER ? undefined : result;
            }
        };

        function expose(key, node) {
            if (key in win)
                return [false, ['e', BIND_ERROR]];
            var value = bridge.deepFreeze(bridge.decodeValue(node));
            defineProperty(win, key, { __proto__: null, value: value, enumerable: true,
                                       configurable: false, writable: false });
            return [true, null];
        }

        function execute(source, args, isScript) {
            var value;
            try {
                value = isScript ? indirectEval(source)
                                 : apply(new FunctionCtor('return (' + source + ')')(), undefined,
                                         bridge.decodeArgs(args));
            } catch (error) {
                return [false, ['e', bridge.errorMessage(error)]];
            }
            try {
                return [true, bridge.encodeValue(value)];
            } catch (error) {
                return [false, ['e', bridge.errorMessage(error)]];
            }
        }

        var bridge = createWebIpcContextBridge(bridgePort, {
            handleExtra: function (message, run) {
                if (message[0] === bridge.EXPOSE && typeof message[1] === 'string')
                    return expose(message[1], message[2]);
                if (message[0] === bridge.EXECUTE && typeof message[1] === 'string'
                    && isArray(message[2]))
                    return execute(message[1], message[2], message[3] === true);
                return undefined;
            }
        });

        function runHere(fn) { return fn(); }
        listen(toMain, function (event) {
            var detail = detailOf(event);
            if (!isArray(detail))
                return;
            if (detail[0] === true) {
                answer = detail[1];
                return;
            }
            var reply;
            try {
                reply = runClean(function () { return bridge.handle(detail[1], runHere); });
            } catch (error) {
                // Nothing may escape: the page's onerror would run while window.event is ours.
                reply = [false, ['e', 'contextBridge: the page world failed to answer']];
            }
            if (reply !== undefined)
                post(toIsolated, [true, reply]);
        });
    }

    // If the bridge is already listening it answers at once (on names.ack, during the
    // dispatch); if it starts later, it says so once with BRIDGE_UP_EVENT. Once answered, the
    // names are never sent again (page code could be listening to CONNECT_EVENT by then).
    var connected = false;
    names.ack = randomName();
    listen(names.ack, function () { connected = true; });
    function connect() {
        if (!connected)
            post(CONNECT_EVENT, names);
    }
    addEventListener(doc, BRIDGE_UP_EVENT, connect, { __proto__: null, once: true });
    connect();
}
