// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Electron's ipcRenderer, over a "port" to WebIpc's bridge:
//   port.post(messages)   hands a batch of messages to the bridge, asynchronously;
//   port.sync(messages)   hands a batch ending in a sendSync message to the bridge and returns
//                         its answer, [true, encodedValue] or [false, errorMessage].
// The port calls the returned receive(messages) with what main sends.
//
// The messages both ways are WebIpcRendererWire's, described in docs/protocol.md.
//
// Calls made within one task are sent as one batch (in order) when the task ends.
//
// The kinds and positions below are the wire's (docs/protocol.md), named as in
// src/core/protocol_p.h; tests/auto/jsshim checks them against it.
var WebIpcRendererWire = {
    // To the bridge, which stamps them (bridge.js): [kind, channel, args, invokeId].
    // POST_MESSAGE and PORT_MESSAGE carry port numbers at INVOKE_ID's place (message-ports.js).
    PageMessage: { SEND: 0, INVOKE: 1, SYNC: 2, POST_MESSAGE: 5, PORT_MESSAGE: 6, PORT_CLOSE: 7,
                   UNHEARD: 8 },
    RendererField: { KIND: 0, CHANNEL: 1, ARGS: 2, INVOKE_ID: 3 },
    // From C++, as deliver() carries them.
    MainMessage: { MESSAGE: 0, REPLY: 1, CONSOLE_ERROR: 2, POST_MESSAGE: 3, PORT_MESSAGE: 4,
                   PORT_CLOSE: 5 },
    MainField: { KIND: 0, CHANNEL: 1, ARGS: 2, REPLY_INVOKE_ID: 1, REPLY_OK: 2, REPLY_PAYLOAD: 3,
                 CONSOLE_TEXT: 1, PORT_IDS: 3, PORT_ID: 1 },
    // The answer to a sendSync: [ok, encoded value or error text].
    SyncAnswerField: { OK: 0, PAYLOAD: 1 }
};

// The methods live on ipcRenderer's prototype, as in Electron: copied over contextBridge,
// ipcRenderer is {}. options: { firstInvokeId, invokeIdStep } (default 1, 1): two renderers of
// one document (the preload's and the main world's) hear the same replies, so they use ids
// that never meet (odd and even); the numbers of the ports they transfer likewise. ports: false
// for a renderer that leaves MessagePorts to another one of its document (the main world's,
// when the preload's has them): its listeners get no ports. reportUnheard: tell main, once per
// channel, that a message found no listener (main logs it at debug level).
function createWebIpcRenderer(port, codec, options) {
    'use strict';

    var SEND = WebIpcRendererWire.PageMessage.SEND, INVOKE = WebIpcRendererWire.PageMessage.INVOKE,
        SYNC = WebIpcRendererWire.PageMessage.SYNC,
        UNHEARD = WebIpcRendererWire.PageMessage.UNHEARD;
    var MESSAGE = WebIpcRendererWire.MainMessage.MESSAGE,
        REPLY = WebIpcRendererWire.MainMessage.REPLY,
        CONSOLE_ERROR = WebIpcRendererWire.MainMessage.CONSOLE_ERROR;
    var FIELD = WebIpcRendererWire.MainField, ANSWER = WebIpcRendererWire.SyncAnswerField;
    var MAIN = WebIpcRendererWire.MainMessage;

    var listeners = new Map(); // channel -> [{ fn, once }], in registration order
    var pendingInvokes = new Map(); // invokeId -> { channel, resolve, reject }
    var nextInvokeId = options && options.firstInvokeId ? options.firstInvokeId : 1;
    var invokeIdStep = options && options.invokeIdStep ? options.invokeIdStep : 1;
    var outbox = [];
    var flushScheduled = false;
    var reportUnheard = !!(options && options.reportUnheard);
    var unheardReported = new Set();
    var schedule = typeof queueMicrotask === 'function'
            ? queueMicrotask
            : function (fn) { Promise.resolve().then(fn); };

    var methods = {};
    var ipcRenderer = Object.create(methods);
    var ports = (options && options.ports === false) || typeof createWebIpcPorts !== 'function'
                    || typeof MessageChannel === 'undefined'
            ? null
            : createWebIpcPorts(enqueue, codec, { firstId: nextInvokeId, idStep: invokeIdStep });

    function checkChannel(channel) {
        if (typeof channel !== 'string')
            throw new TypeError('Missing required channel argument');
    }

    // Listeners are keyed like Node's EventEmitter, which Electron's ipcRenderer is: any value
    // names the string event it converts to (on(7) listens on '7'); a symbol stays itself.
    function eventKey(channel) {
        return typeof channel === 'symbol' ? channel : String(channel);
    }

    function checkListener(listener) {
        if (typeof listener !== 'function')
            throw new TypeError('The "listener" argument must be of type function. Received '
                                + (listener === null ? 'null' : 'type ' + typeof listener));
    }

    function flush() {
        flushScheduled = false;
        if (outbox.length === 0)
            return;
        var batch = outbox;
        outbox = [];
        port.post(batch);
    }

    function enqueue(message) {
        outbox.push(message);
        if (!flushScheduled) {
            flushScheduled = true;
            schedule(flush);
        }
    }

    function slice(args, from) {
        return Array.prototype.slice.call(args, from);
    }

    methods.send = function (channel) {
        checkChannel(channel);
        enqueue([SEND, channel, codec.encodeArgs(slice(arguments, 1))]);
    };

    methods.invoke = function (channel) {
        var args = slice(arguments, 1);
        return new Promise(function (resolve, reject) {
            checkChannel(channel);
            var encoded = codec.encodeArgs(args);
            var id = nextInvokeId;
            nextInvokeId += invokeIdStep;
            pendingInvokes.set(id, { channel: channel, resolve: resolve, reject: reject });
            enqueue([INVOKE, channel, encoded, id]);
        });
    };

    methods.sendSync = function (channel) {
        checkChannel(channel);
        var message = [SYNC, channel, codec.encodeArgs(slice(arguments, 1))];
        // Everything sent before this call goes first, in the same batch: order is kept.
        var batch = outbox;
        outbox = [];
        batch.push(message);
        var answer = port.sync(batch);
        if (!answer || answer[ANSWER.OK] !== true)
            throw new Error(answer ? String(answer[ANSWER.PAYLOAD])
                                   : 'WebIpc: no answer to sendSync');
        return codec.decode(answer[ANSWER.PAYLOAD]);
    };

    // One message and the MessagePorts it transfers (Electron's B75-B77).
    methods.postMessage = function (channel, message, transfer) {
        checkChannel(channel);
        var transferred = ports ? ports.checkTransfer(transfer) : [];
        if (!ports && transfer !== undefined && (!Array.isArray(transfer) || transfer.length))
            throw new Error('Invalid value for transfer');
        var encoded = codec.encodeArgs([message]);
        enqueue([WebIpcRendererWire.PageMessage.POST_MESSAGE, channel, encoded,
                 transferred.map(ports ? ports.take : function () { })]);
    };

    function addListener(channel, listener, once, prepend) {
        channel = eventKey(channel);
        checkListener(listener);
        var list = listeners.get(channel);
        if (!list) {
            list = [];
            listeners.set(channel, list);
        }
        var entry = { fn: listener, once: once };
        if (prepend)
            list.unshift(entry);
        else
            list.push(entry);
        return ipcRenderer;
    }

    methods.on = function (channel, listener) {
        return addListener(channel, listener, false, false);
    };
    methods.addListener = methods.on;
    methods.once = function (channel, listener) {
        return addListener(channel, listener, true, false);
    };
    methods.prependListener = function (channel, listener) {
        return addListener(channel, listener, false, true);
    };
    methods.prependOnceListener = function (channel, listener) {
        return addListener(channel, listener, true, true);
    };

    // Like Node's EventEmitter: removes the most recently added instance of the listener.
    methods.removeListener = function (channel, listener) {
        channel = eventKey(channel);
        checkListener(listener);
        var list = listeners.get(channel);
        if (list) {
            for (var i = list.length - 1; i >= 0; --i) {
                if (list[i].fn === listener) {
                    list.splice(i, 1);
                    break;
                }
            }
            if (list.length === 0)
                listeners.delete(channel);
        }
        return ipcRenderer;
    };
    methods.off = methods.removeListener;

    methods.removeAllListeners = function (channel) {
        if (channel === undefined)
            listeners.clear();
        else
            listeners.delete(eventKey(channel));
        return ipcRenderer;
    };

    methods.listenerCount = function (channel) {
        var list = listeners.get(eventKey(channel));
        return list ? list.length : 0;
    };

    methods.listeners = function (channel) {
        var list = listeners.get(eventKey(channel));
        return list ? list.map(function (entry) { return entry.fn; }) : [];
    };

    methods.eventNames = function () {
        return Array.from(listeners.keys());
    };

    function reportListenerError(channel, error) {
        if (typeof console !== 'undefined')
            console.error("Error in ipcRenderer listener for '" + channel + "':", error);
    }

    function dispatch(channel, args, given) {
        var list = listeners.get(channel);
        if (!list) {
            if (given && ports)
                ports.discard(given); // their other ends get 'close'
            // No listener: dropped, as in Electron; main hears of it once per channel.
            if (reportUnheard && !unheardReported.has(channel) && unheardReported.size < 1000) {
                unheardReported.add(channel);
                enqueue([UNHEARD, channel]);
            }
            return;
        }
        var event = { sender: ipcRenderer, ports: given || [] };
        var callArgs = [event].concat(args);
        list.slice().forEach(function (entry) {
            if (entry.once)
                ipcRenderer.removeListener(channel, entry.fn);
            try {
                entry.fn.apply(undefined, callArgs);
            } catch (error) {
                reportListenerError(channel, error);
            }
        });
    }

    function settle(id, ok, payload) {
        var call = pendingInvokes.get(id);
        if (!call)
            return;
        pendingInvokes.delete(id);
        if (ok) {
            var value;
            try {
                value = codec.decode(payload);
            } catch (error) {
                call.reject(error);
                return;
            }
            call.resolve(value);
        } else {
            call.reject(new Error("Error invoking remote method '" + call.channel + "': "
                                  + String(payload)));
        }
    }

    function receive(messages) {
        if (!Array.isArray(messages))
            return;
        for (var i = 0; i < messages.length; ++i) {
            var message = messages[i];
            if (!Array.isArray(message))
                continue;
            try {
                var kind = message[FIELD.KIND];
                if (kind === MESSAGE && typeof message[FIELD.CHANNEL] === 'string')
                    dispatch(message[FIELD.CHANNEL], codec.decodeArgs(message[FIELD.ARGS]));
                else if (kind === REPLY)
                    settle(message[FIELD.REPLY_INVOKE_ID], message[FIELD.REPLY_OK] === true,
                           message[FIELD.REPLY_PAYLOAD]);
                else if (kind === CONSOLE_ERROR && typeof console !== 'undefined')
                    console.error(String(message[FIELD.CONSOLE_TEXT]));
                else if (kind === MAIN.POST_MESSAGE && typeof message[FIELD.CHANNEL] === 'string')
                    dispatch(message[FIELD.CHANNEL], codec.decodeArgs(message[FIELD.ARGS]),
                             ports ? ports.adopt(message[FIELD.PORT_IDS], false) : []);
                else if (kind === MAIN.PORT_MESSAGE && ports)
                    ports.receiveMessage(message[FIELD.PORT_ID], message[FIELD.ARGS],
                                         message[FIELD.PORT_IDS]);
                else if (kind === MAIN.PORT_CLOSE && ports)
                    ports.receiveClose(message[FIELD.PORT_ID]);
            } catch (error) {
                // one bad message costs no other
                reportListenerError(String(message[FIELD.CHANNEL]), error);
            }
        }
    }

    return { ipcRenderer: ipcRenderer, receive: receive };
}
