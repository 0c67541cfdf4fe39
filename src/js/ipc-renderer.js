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
                   UNHEARD: 8, INVOKE_CANCEL: 9, REMOTE_REPLY: 10, PAGE_HANDLER: 11, STREAM: 12,
                   STREAM_ACK: 13, BYTES: 14 },
    RendererField: { KIND: 0, CHANNEL: 1, ARGS: 2, INVOKE_ID: 3 },
    // From C++, as deliver() carries them.
    MainMessage: { MESSAGE: 0, REPLY: 1, CONSOLE_ERROR: 2, POST_MESSAGE: 3, PORT_MESSAGE: 4,
                   PORT_CLOSE: 5, REMOTE_INVOKE: 6, REMOTE_CANCEL: 7, STREAM_CHUNK: 8,
                   BYTES_TO_PAGE: 9 },
    MainField: { KIND: 0, CHANNEL: 1, ARGS: 2, REPLY_INVOKE_ID: 1, REPLY_OK: 2, REPLY_PAYLOAD: 3,
                 CONSOLE_TEXT: 1, PORT_IDS: 3, PORT_ID: 1, REPLY_DETAILS: 4, REMOTE_CALL_ID: 3,
                 CANCEL_CALL_ID: 1, CHUNK_INVOKE_ID: 1, CHUNK_PAYLOAD: 2 },
    // The status of a REMOTE_REPLY: [REMOTE_REPLY, callId, status, payload, details].
    RemoteReplyStatus: { OK: 0, FAILED: 1, NO_HANDLER: 2 },
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
    // The binary lane (docs/protocol.md): ArrayBuffers of bytesThreshold bytes or more travel
    // beside their message, handed to the bridge in a BYTES message just before it.
    var lane = options && options.bytesThreshold > 0
            ? { threshold: options.bytesThreshold, buffers: [] } : null;
    var BYTES = WebIpcRendererWire.PageMessage.BYTES;
    var unheardReported = new Set();
    var schedule = typeof queueMicrotask === 'function'
            ? queueMicrotask
            : function (fn) { Promise.resolve().then(fn); };

    var methods = {};
    var ipcRenderer = Object.create(methods);
    var ports = (options && options.ports === false) || typeof createWebIpcPorts !== 'function'
                    || typeof MessageChannel === 'undefined'
            ? null
            : createWebIpcPorts(enqueue, codec, { firstId: nextInvokeId, idStep: invokeIdStep,
                                                  encodeArgs: encodeArgs });

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

    // Encodes a message's arguments, its large ArrayBuffers out of band (taken by enqueue()).
    function encodeArgs(args) {
        if (!lane)
            return codec.encodeArgs(args);
        lane.buffers = [];
        return codec.encodeArgs(args, lane);
    }

    // The same for one value (a page handler's result).
    function encodeValue(value) {
        if (!lane)
            return codec.encode(value);
        lane.buffers = [];
        return codec.encode(value, undefined, lane);
    }

    function enqueue(message) {
        if (lane && lane.buffers.length) {
            outbox.push([BYTES, lane.buffers]);
            lane.buffers = [];
        }
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
        enqueue([SEND, channel, encodeArgs(slice(arguments, 1))]);
    };

    function startInvoke(channel, args, call, kind) {
        checkChannel(channel);
        var encoded = encodeArgs(args);
        var id = nextInvokeId;
        nextInvokeId += invokeIdStep;
        call.channel = channel;
        pendingInvokes.set(id, call);
        enqueue([kind === undefined ? INVOKE : kind, channel, encoded, id]);
        return id;
    }

    methods.invoke = function (channel) {
        var args = slice(arguments, 1);
        return new Promise(function (resolve, reject) {
            startInvoke(channel, args, { resolve: resolve, reject: reject });
        });
    };

    // Beyond Electron: invokeWithOptions, and the errors that keep their data (below).
    var calls = createWebIpcCalls({ codec: codec, enqueue: enqueue, encodeValue: encodeValue,
                                    startInvoke: startInvoke,
                                    pending: pendingInvokes, ipcRenderer: ipcRenderer,
                                    checkChannel: checkChannel });
    calls.install(methods);

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
        var encoded = encodeArgs([message]);
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

    function settle(id, ok, payload, details) {
        var call = pendingInvokes.get(id);
        if (!call)
            return;
        pendingInvokes.delete(id);
        if (call.done)
            call.done();
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
            call.reject(calls.remoteError(call.channel, payload, details));
        }
    }

    function receive(messages) {
        if (!Array.isArray(messages))
            return;
        var bytes = null; // the out-of-band buffers of the next message
        for (var i = 0; i < messages.length; ++i) {
            var message = messages[i];
            if (!Array.isArray(message))
                continue;
            if (message[FIELD.KIND] === MAIN.BYTES_TO_PAGE) {
                bytes = Array.isArray(message[1]) ? message[1] : [];
                continue;
            }
            if (bytes) {
                codec.withOutOfBand(bytes, function () { receiveOne(message); });
                bytes = null;
            } else {
                receiveOne(message);
            }
        }
    }

    function receiveOne(message) {
        try {
            var kind = message[FIELD.KIND];
            if (kind === MESSAGE && typeof message[FIELD.CHANNEL] === 'string')
                dispatch(message[FIELD.CHANNEL], codec.decodeArgs(message[FIELD.ARGS]));
            else if (kind === REPLY)
                settle(message[FIELD.REPLY_INVOKE_ID], message[FIELD.REPLY_OK] === true,
                       message[FIELD.REPLY_PAYLOAD], message[FIELD.REPLY_DETAILS]);
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
            else
                calls.receive(kind, message);
        } catch (error) {
            // One bad message costs no other. A listener's own errors are caught in dispatch():
            // what comes here is a message that could not be read (an out-of-band buffer that
            // expired, say).
            if (typeof console !== 'undefined')
                console.error("WebIpc could not deliver a message on '"
                              + String(message[FIELD.CHANNEL]) + "':", error);
        }
    }

    return { ipcRenderer: ipcRenderer, receive: receive };
}

// What ipcRenderer offers beyond Electron's invoke: calls that can be aborted or time out, and
// errors that keep the handler's name, code, data and cause. host: { codec, enqueue(message),
// startInvoke(channel, args, call) -> id, pending (id -> call) }; a call is
// { channel, resolve, reject, done } (done: called once when the call ends, however it ends).
function createWebIpcCalls(host) {
    'use strict';

    var INVOKE_CANCEL = WebIpcRendererWire.PageMessage.INVOKE_CANCEL,
        REMOTE_REPLY = WebIpcRendererWire.PageMessage.REMOTE_REPLY,
        PAGE_HANDLER = WebIpcRendererWire.PageMessage.PAGE_HANDLER,
        STREAM = WebIpcRendererWire.PageMessage.STREAM,
        STREAM_ACK = WebIpcRendererWire.PageMessage.STREAM_ACK;
    var MAIN = WebIpcRendererWire.MainMessage, FIELD = WebIpcRendererWire.MainField,
        STATUS = WebIpcRendererWire.RemoteReplyStatus;

    function invokeError(channel, text) {
        return new Error("Error invoking remote method '" + channel + "': " + text);
    }

    // The page's Error for a failed call: Electron's message, and what the handler said about
    // the failure (encoded by C++ or by a page handler), on the error as own properties.
    function remoteError(channel, text, details) {
        var error = invokeError(channel, String(text));
        if (details === undefined || details === null)
            return error;
        var decoded;
        try {
            decoded = host.codec.decode(details);
        } catch (ignored) {
            return error; // the message alone, as Electron gives it
        }
        if (decoded === null || typeof decoded !== 'object')
            return error;
        Object.keys(decoded).forEach(function (name) {
            if (name === 'message' || name === 'stack' || name === '__proto__')
                return;
            Object.defineProperty(error, name, { value: decoded[name], writable: true,
                                                 configurable: true, enumerable: name !== 'name' });
        });
        return error;
    }

    function abortReason(signal) {
        if (signal.reason !== undefined)
            return signal.reason;
        return typeof DOMException === 'function'
                ? new DOMException('This operation was aborted', 'AbortError')
                : new Error('This operation was aborted');
    }

    function isSignal(value) {
        return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean'
                && typeof value.addEventListener === 'function';
    }

    function readOptions(options) {
        if (options === undefined || options === null)
            return {};
        if (typeof options !== 'object')
            throw new TypeError('The "options" argument must be an object. Received type '
                                + typeof options);
        var signal = options.signal, timeout = options.timeout;
        if (signal !== undefined && !isSignal(signal))
            throw new TypeError('The "options.signal" property must be an AbortSignal');
        if (timeout !== undefined
            && (typeof timeout !== 'number' || !(timeout > 0) || !isFinite(timeout)))
            throw new RangeError('The "options.timeout" property must be a positive number of '
                                 + 'milliseconds. Received ' + String(timeout));
        return { signal: signal, timeout: timeout };
    }

    // invokeWithOptions(channel, { signal, timeout }, ...args): invoke, but the Promise rejects
    // at once when the signal aborts (with its reason) or the timeout passes (a TimeoutError),
    // and the handler is told (its QFuture is cancelled).
    function invokeWithOptions(channel, options) {
        var args = Array.prototype.slice.call(arguments, 2);
        return new Promise(function (resolve, reject) {
            var opts = readOptions(options);
            var signal = opts.signal;
            if (signal && signal.aborted) {
                reject(abortReason(signal));
                return;
            }
            var id, timer = null;
            function onAbort() { giveUp(abortReason(signal)); }
            var call = {
                resolve: resolve, reject: reject,
                done: function () {
                    if (timer !== null)
                        clearTimeout(timer);
                    if (signal)
                        signal.removeEventListener('abort', onAbort);
                }
            };
            function giveUp(reason) {
                if (host.pending.get(id) !== call)
                    return; // settled already
                host.pending.delete(id);
                call.done();
                host.enqueue([INVOKE_CANCEL, id]);
                reject(reason);
            }
            id = host.startInvoke(channel, args, call);
            if (signal)
                signal.addEventListener('abort', onAbort);
            if (opts.timeout !== undefined) {
                timer = setTimeout(function () {
                    var error = invokeError(channel, 'TimeoutError: no answer within '
                                            + opts.timeout + ' ms');
                    Object.defineProperty(error, 'name', { value: 'TimeoutError', writable: true,
                                                           configurable: true });
                    giveUp(error);
                }, opts.timeout);
            }
        });
    }

    // ---- streams: ipcRenderer.stream() reads a handler's QFuture result by result --------

    var streams = new Map(); // invokeId -> the stream's chunk sink

    // stream(channel, ...args) / streamWithOptions(channel, { signal }, ...args): an async
    // iterable of the handler's results, in order. Each consumed chunk is acknowledged (main
    // keeps at most a window of them on their way); leaving the loop early, cancel() or the
    // signal cancels the handler's future.
    function openStream(channel, options, args) {
        var opts = readOptions(options);
        var signal = opts.signal;
        var chunks = [], waiting = [], ended = false, failure = null, id = null, unacked = 0;
        var ackScheduled = false;

        function settleWaiting() {
            while (waiting.length > 0 && (chunks.length > 0 || ended)) {
                var next = waiting.shift();
                if (chunks.length > 0) {
                    next.resolve({ value: chunks.shift(), done: false });
                    acknowledge();
                } else if (failure) {
                    next.reject(failure);
                } else {
                    next.resolve({ value: undefined, done: true });
                }
            }
        }
        function acknowledge() {
            unacked += 1;
            if (ackScheduled || ended)
                return;
            ackScheduled = true;
            Promise.resolve().then(function () {
                ackScheduled = false;
                if (!ended && unacked > 0)
                    host.enqueue([STREAM_ACK, id, unacked]);
                unacked = 0;
            });
        }
        function end(error) {
            if (ended)
                return;
            ended = true;
            failure = error || null;
            streams.delete(id);
            if (signal)
                signal.removeEventListener('abort', onAbort);
            settleWaiting(); // what came before a failure is read first
        }
        function cancel(reason) {
            if (ended)
                return;
            if (host.pending.get(id) === call) {
                host.pending.delete(id);
                host.enqueue([INVOKE_CANCEL, id]);
            }
            chunks = [];
            end(reason);
        }
        function onAbort() { cancel(abortReason(signal)); }
        var call = {
            resolve: function () { end(null); },
            reject: function (error) { end(error); }
        };
        var iterator = {
            next: function () {
                return new Promise(function (resolve, reject) {
                    waiting.push({ resolve: resolve, reject: reject });
                    settleWaiting();
                });
            },
            'return': function () {
                cancel(null);
                chunks = [];
                return Promise.resolve({ value: undefined, done: true });
            }
        };
        var stream = {
            next: iterator.next,
            'return': iterator['return'],
            cancel: function () { iterator['return'](); },
            get readable() {
                return new ReadableStream({
                    pull: function (controller) {
                        return iterator.next().then(function (result) {
                            if (result.done)
                                controller.close();
                            else
                                controller.enqueue(result.value);
                        });
                    },
                    cancel: function () { iterator['return'](); }
                }, { highWaterMark: 0 });
            }
        };
        stream[Symbol.asyncIterator] = function () { return stream; };
        if (signal && signal.aborted) {
            ended = true;
            failure = abortReason(signal);
            return stream;
        }
        id = host.startInvoke(channel, args, call, STREAM);
        streams.set(id, function (value) {
            chunks.push(value);
            settleWaiting();
        });
        if (signal)
            signal.addEventListener('abort', onAbort);
        return stream;
    }

    function receiveChunk(message) {
        var sink = streams.get(message[FIELD.CHUNK_INVOKE_ID]);
        if (sink)
            sink(host.codec.decode(message[FIELD.CHUNK_PAYLOAD]));
    }

    // ---- main to page: ipcRenderer.handle() answers WebContents::invoke() ----------------

    var handlers = new Map(); // channel -> { fn, once }
    var running = new Map(); // callId -> AbortController of the handler's event

    function checkHandler(handler) {
        if (typeof handler !== 'function')
            throw new TypeError('The "handler" argument must be of type function. Received '
                                + (handler === null ? 'null' : 'type ' + typeof handler));
    }

    function addHandler(channel, handler, once) {
        host.checkChannel(channel);
        checkHandler(handler);
        if (handlers.has(channel))
            throw new Error("Attempted to register a second handler for '" + channel + "'");
        handlers.set(channel, { fn: handler, once: once });
        host.enqueue([PAGE_HANDLER, channel, true]);
    }

    function removeHandler(channel) {
        if (handlers.delete(channel))
            host.enqueue([PAGE_HANDLER, channel, false]);
    }

    // What main's RemoteError gets of a thrown value: name, message, stack and the Error's own
    // properties (code, data, cause, ...), each only if it can be cloned.
    function errorDetails(error) {
        var details = {};
        if (error === null || typeof error !== 'object') {
            details.name = 'Error';
            details.message = String(error);
            return host.codec.encode(details);
        }
        var names = ['name', 'message', 'stack'];
        try {
            Object.getOwnPropertyNames(error).forEach(function (name) {
                if (names.indexOf(name) < 0 && name !== '__proto__')
                    names.push(name);
            });
        } catch (ignored) { }
        names.forEach(function (name) {
            try {
                var value = error[name];
                if (value === undefined)
                    return;
                host.codec.encode(value); // throws if it cannot be cloned
                details[name] = (name === 'name' || name === 'message' || name === 'stack')
                        ? String(value) : value;
            } catch (ignored) { }
        });
        return host.codec.encode(details);
    }

    function describe(error) {
        try {
            return String(error);
        } catch (ignored) {
            return 'Error';
        }
    }

    function answer(callId, status, payload, details) {
        var message = [REMOTE_REPLY, callId, status, payload];
        if (details !== undefined)
            message.push(details);
        host.enqueue(message);
    }

    function fail(callId, error) {
        var details;
        try {
            details = errorDetails(error);
        } catch (ignored) {
            details = undefined;
        }
        answer(callId, STATUS.FAILED, describe(error), details);
    }

    function runHandler(channel, wireArgs, callId) {
        var entry = handlers.get(channel);
        if (!entry) {
            answer(callId, STATUS.NO_HANDLER, "No handler registered for '" + channel + "'");
            return;
        }
        if (entry.once)
            removeHandler(channel);
        var controller = new AbortController();
        running.set(callId, controller);
        var event = { sender: host.ipcRenderer, signal: controller.signal };
        new Promise(function (resolve) {
            resolve(entry.fn.apply(undefined, [event].concat(host.codec.decodeArgs(wireArgs))));
        }).then(function (value) {
            if (running.get(callId) !== controller)
                return; // cancelled: main has given up on it
            running.delete(callId);
            var encoded;
            try {
                // its large buffers go beside it (the binary lane)
                encoded = host.encodeValue ? host.encodeValue(value) : host.codec.encode(value);
            } catch (error) {
                fail(callId, error);
                return;
            }
            answer(callId, STATUS.OK, encoded);
        }, function (error) {
            if (running.get(callId) !== controller)
                return;
            running.delete(callId);
            fail(callId, error);
        });
    }

    function receive(kind, message) {
        if (kind === MAIN.REMOTE_INVOKE && typeof message[FIELD.CHANNEL] === 'string') {
            runHandler(message[FIELD.CHANNEL], message[FIELD.ARGS], message[FIELD.REMOTE_CALL_ID]);
        } else if (kind === MAIN.STREAM_CHUNK) {
            receiveChunk(message);
        } else if (kind === MAIN.REMOTE_CANCEL) {
            var controller = running.get(message[FIELD.CANCEL_CALL_ID]);
            if (controller) {
                running.delete(message[FIELD.CANCEL_CALL_ID]);
                controller.abort();
            }
        }
    }

    return {
        remoteError: remoteError,
        receive: receive,
        install: function (methods) {
            methods.invokeWithOptions = invokeWithOptions;
            methods.stream = function (channel) {
                return openStream(channel, undefined, Array.prototype.slice.call(arguments, 1));
            };
            methods.streamWithOptions = function (channel, options) {
                return openStream(channel, options, Array.prototype.slice.call(arguments, 2));
            };
            methods.handle = function (channel, handler) { addHandler(channel, handler, false); };
            methods.handleOnce = function (channel, handler) { addHandler(channel, handler, true); };
            methods.removeHandler = removeHandler;
        }
    };
}
