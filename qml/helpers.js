// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The JavaScript half of WebIpc's QML module, evaluated once per QML engine. It gives QML the
// Electron-shaped objects C++ cannot express: variadic send()/reply(), event.returnValue as an
// assignable property, and handlers that may return a Promise. `native` is the engine's
// WebIpc::QuickEngine; event and contents handles are C++ objects.
(function (native, makeCodec) {
    'use strict';

    var slice = Array.prototype.slice;
    var getPrototypeOf = Object.getPrototypeOf;
    var ObjectPrototype = Object.prototype;

    // Qt 6.4's QJSEngine has no BigInt: a BigInt from a page arrives as a BigIntValue, which
    // keeps its digits and goes back as the same BigInt (boxed, for Object(1n)).
    function BigIntValue(digits, boxed) {
        Object.defineProperties(this, {
            digits: { value: digits, enumerable: true },
            boxed: { value: !!boxed, enumerable: true }
        });
        Object.freeze(this);
    }
    BigIntValue.prototype.toString = function () { return this.digits; };
    BigIntValue.prototype.valueOf = function () { return Number(this.digits); };

    // A RegExp with a flag QML's engine lacks ('s', 'd', 'v') as a RegExpValue: its source and
    // flags; it goes back as the same RegExp.
    function RegExpValue(source, flags) {
        Object.defineProperties(this, {
            source: { value: source, enumerable: true },
            flags: { value: flags, enumerable: true }
        });
        Object.freeze(this);
    }
    RegExpValue.prototype.toString = function () { return '/' + this.source + '/' + this.flags; };

    // And a BigInt64Array or BigUint64Array as a BigIntArrayValue: its kind, its ArrayBuffer
    // (the bytes, little-endian) and where in it the view lies; it goes back as the same view.
    function BigIntArrayValue(kind, buffer, byteOffset, length) {
        Object.defineProperties(this, {
            kind: { value: kind, enumerable: true },
            buffer: { value: buffer, enumerable: true },
            byteOffset: { value: byteOffset, enumerable: true },
            length: { value: length, enumerable: true }
        });
        Object.freeze(this);
    }

    // Values are cloned by WebIpc's one codec (src/js/codec.js, `codec` here), exactly as in
    // pages, with Electron's errors. What only QML has, Qt's own values (a QObject, a point,
    // a color, a url), the C++ codec converts (QuickEngine::hostValue()).
    var hooks = {
        bigInt: function (digits, boxed) {
            return new BigIntValue(digits, boxed);
        },
        regExp: function (source, flags) {
            return new RegExpValue(source, flags);
        },
        view: function (kind, buffer, byteOffset, length) {
            return new BigIntArrayValue(kind, buffer, byteOffset, length);
        },
        hostValue: function (value, path) {
            if (value instanceof BigIntValue) {
                var bigInt = { '\u0001': 'I', v: value.digits };
                return value.boxed ? { tagged: { '\u0001': 'O', v: bigInt } } : { wire: bigInt };
            }
            if (value instanceof RegExpValue)
                return { tagged: { '\u0001': 'R', s: value.source, f: value.flags } };
            if (value instanceof BigIntArrayValue)
                return { view: value };
            var proto = getPrototypeOf(value);
            if ((proto === ObjectPrototype || proto === null || Array.isArray(value))
                    && !native.isQObject(value))
                return undefined;
            return native.hostValue(value, path);
        }
    };
    var codec = makeCodec(hooks);

    function argsToHost(args, from) {
        return codec.encodeArgs(slice.call(args, from));
    }

    // Like Electron's send() in WebIpc (see WebContents::send), sending never throws: what
    // cannot be sent is logged and nothing is sent.
    function trySend(what, send) {
        try {
            send();
        } catch (error) {
            native.warn(what + ': ' + describe(error));
        }
    }

    // String(error), as Electron reports a handler's error; never throws.
    function describe(error) {
        try {
            return String(error);
        } catch (e) {
            return 'Error: a handler failed with a value that cannot be converted to a string';
        }
    }

    // What the page's Error gains of a thrown value beyond its text: its name (unless "Error")
    // and its own properties (code, data, cause, ...), each left out if it cannot be cloned;
    // encoded for QuickSettler::reject().
    function detailsOf(error) {
        var details = {};
        if (error === null || typeof error !== 'object')
            return codec.encode(details);
        var names;
        try {
            names = Object.getOwnPropertyNames(error);
        } catch (e) {
            return codec.encode(details);
        }
        if (typeof error.name === 'string' && error.name !== 'Error')
            names.push('name');
        names.forEach(function (name) {
            if (name === 'message' || name === 'stack' || name === 'lineNumber'
                || name === 'fileName')
                return;
            try {
                var value = error[name];
                codec.encode(value, name); // throws if it cannot be cloned
                details[name] = value;
            } catch (e) { }
        });
        try {
            return codec.encode(details, 'details');
        } catch (e) {
            return codec.encode({}); // e.g. a getter that throws the second time
        }
    }

    function rejectWith(settler, error) {
        settler.reject(describe(error), detailsOf(error));
    }

    function makeContents(handle) {
        var contents = {
            send: function (channel) {
                var args = arguments;
                trySend("Error sending from WebContents on '" + channel + "'", function () {
                    native.send(handle, channel, argsToHost(args, 1));
                });
            },
            // Throws, as Electron's webContents.postMessage does.
            postMessage: function (channel, message, transfer) {
                var error = native.postMessage(handle, String(channel),
                                               codec.encode(message, 'message'),
                                               transferList(transfer));
                if (error)
                    throw new Error(error);
            },
            // Beyond Electron: the page's ipcRenderer.handle() handler answers (a Promise).
            invoke: function (channel) {
                var args = arguments;
                return new Promise(function (resolve, reject) {
                    native.invoke(handle, String(channel), argsToHost(args, 1), resolve, reject);
                });
            }
        };
        Object.defineProperties(contents, {
            id: { get: function () { return handle.id; }, enumerable: true },
            url: { get: function () { return handle.url.toString(); }, enumerable: true },
            ready: { get: function () { return handle.ready; }, enumerable: true },
            // The C++ WebIpc::WebContents, for passing to C++.
            object: { value: handle }
        });
        return contents;
    }

    // A transfer list of ports (wrappers from makePort, or C++ MessagePortMain objects).
    function transferList(transfer) {
        if (transfer === undefined)
            return [];
        if (!Array.isArray(transfer))
            throw new Error('transferables must be an array of MessagePorts');
        return transfer.map(function (port) { return port && port.object ? port.object : port; });
    }

    // Electron's MessagePortMain, an EventEmitter: on('message', ({ data, ports }) => ...),
    // on('close', ...), postMessage(message, transfer), start(), close(). handle is a QuickPort.
    function makePort(handle) {
        var listeners = { message: [], close: [] };
        var port = {
            postMessage: function (message, transfer) {
                var error = handle.post(codec.encode(message, 'message'), transferList(transfer));
                if (error)
                    throw new Error(error);
            },
            start: function () { handle.start(); },
            close: function () { handle.close(); },
            on: function (name, listener) {
                if (typeof listener !== 'function')
                    throw new TypeError('The "listener" argument must be of type function');
                (listeners[name] || (listeners[name] = [])).push(listener);
                return port;
            },
            off: function (name, listener) {
                var list = listeners[name] || [];
                var at = list.lastIndexOf(listener);
                if (at !== -1)
                    list.splice(at, 1);
                return port;
            }
        };
        port.addListener = port.on;
        port.removeListener = port.off;
        Object.defineProperty(port, 'object', { value: handle }); // the C++ port, for C++
        function emit(name, args) {
            listeners[name].slice().forEach(function (listener) {
                try {
                    listener.apply(port, args);
                } catch (error) {
                    native.warn("Error in MessagePortMain '" + name + "' listener: "
                                + describe(error));
                }
            });
        }
        handle.message.connect(function (data, ports) {
            emit('message', [{ data: data, ports: ports }]);
        });
        handle.closed.connect(function () { emit('close', []); });
        return port;
    }

    function makeEvent(handle, sender, frame, channel, invoke) {
        var event = {
            sender: sender,
            senderFrame: frame,
            frameId: frame.frameId,
            processId: frame.processId,
            channel: channel
        };
        if (invoke)
            return event;
        event.reply = function (replyChannel) {
            var args = arguments;
            trySend("Error replying on '" + replyChannel + "'", function () {
                handle.reply(replyChannel, argsToHost(args, 1));
            });
        };
        var returnValue;
        var answered = false;
        Object.defineProperty(event, 'returnValue', {
            enumerable: true,
            get: function () { return returnValue; },
            set: function (value) {
                // The first value wins, as in Electron.
                if (answered)
                    return;
                answered = true;
                returnValue = value;
                try {
                    handle.setReturnValue(codec.encode(value, 'returnValue'));
                } catch (error) {
                    // The page's sendSync gets the error rather than waiting for nothing.
                    handle.setReturnValue({ error: describe(error) });
                    native.warn("Error setting returnValue on '" + channel + "': " + describe(error));
                }
            }
        });
        return event;
    }

    // Returns undefined, or String(error) if the listener threw.
    function callListener(listener, event, args) {
        try {
            listener.apply(undefined, [event].concat(args));
        } catch (error) {
            return describe(error);
        }
        return undefined;
    }

    // Resolves with value, or rejects with the clone error if it cannot be sent.
    function resolveWith(settler, value) {
        var converted;
        try {
            converted = codec.encode(value, 'value');
        } catch (error) {
            rejectWith(settler, error);
            return;
        }
        settler.resolve(converted);
    }

    // Calls an invoke handler and settles its call through `settler` (resolve(value) or
    // reject(errorString)): with the returned value, or when a returned thenable settles.
    function callHandler(handler, event, args, settler) {
        var value;
        try {
            value = handler.apply(undefined, [event].concat(args));
        } catch (error) {
            rejectWith(settler, error);
            return;
        }
        var then, next;
        try {
            var isObject = value !== null && (typeof value === 'object'
                                              || typeof value === 'function');
            then = isObject ? value.then : undefined;
            next = isObject && typeof then !== 'function' ? value.next : undefined;
        } catch (error) {
            rejectWith(settler, error);
            return;
        }
        if (typeof next === 'function') {
            streamFrom(value, next, settler);
            return;
        }
        if (typeof then !== 'function') {
            resolveWith(settler, value);
            return;
        }
        try {
            then.call(value, function (result) {
                resolveWith(settler, result);
            }, function (error) {
                rejectWith(settler, error);
            });
        } catch (error) {
            rejectWith(settler, error);
        }
    }

    // How many values a streaming handler's iterator may yield in one turn of the event loop.
    var PULL_SLICE = 64;

    // A handler that returned an iterator (a generator) streams: each value it yields is one
    // result (a yielded thenable: its value, once it settles), pulled only while the caller is
    // not held (back-pressure: the page reads no faster), and at most PULL_SLICE in one turn.
    // The iterator being done ends the call; its throwing or a rejection fails it after the
    // values before; the caller cancelling closes it (iterator.return()).
    function streamFrom(iterator, next, settler) {
        var waiting = false, closed = false;
        // Once the call ends, the settler's signals let go of this closure (and it of them).
        function stop() {
            if (closed)
                return false;
            closed = true;
            settler.pull.disconnect(pump);
            settler.stopped.disconnect(close);
            return true;
        }
        function close() {
            if (!stop())
                return;
            try {
                if (typeof iterator['return'] === 'function')
                    iterator['return']();
            } catch (ignored) {
            }
        }
        function fail(error) {
            stop();
            rejectWith(settler, error);
        }
        function add(value) {
            var wire;
            try {
                wire = codec.encode(value, 'chunk');
            } catch (error) {
                close();
                rejectWith(settler, error);
                return false;
            }
            // false: the caller has gone (pump() then closes the iterator)
            return settler.add(wire);
        }
        function pump() {
            for (var pulled = 0; !waiting && !closed; ++pulled) {
                if (settler.canceled()) {
                    close();
                    return;
                }
                if (settler.held())
                    return; // settler.pull fires when the caller resumes it
                if (pulled === PULL_SLICE) {
                    settler.pullLater();
                    return;
                }
                var step;
                try {
                    step = next.call(iterator);
                } catch (error) {
                    fail(error);
                    return;
                }
                if (step === null || typeof step !== 'object') {
                    fail(new TypeError('Iterator result ' + step + ' is not an object'));
                    return;
                }
                if (step.done) {
                    stop();
                    settler.end();
                    return;
                }
                var then;
                try {
                    then = step.value !== null && typeof step.value === 'object'
                            ? step.value.then : undefined;
                } catch (error) {
                    fail(error);
                    return;
                }
                if (typeof then === 'function') {
                    waiting = true;
                    then.call(step.value, function (result) {
                        waiting = false;
                        if (!closed && add(result))
                            pump();
                    }, function (error) {
                        waiting = false;
                        if (!closed)
                            fail(error);
                    });
                    return;
                }
                if (!add(step.value)) {
                    close();
                    return;
                }
            }
        }
        settler.pull.connect(pump);
        settler.stopped.connect(close);
        pump();
    }

    // A function that calls target[method](value): the callback runJavaScript() wants.
    function bindCallback(target, method) {
        return function (value) {
            target[method](value);
        };
    }

    // A WebIpc::RemoteError (webContents.invoke()'s rejection) as this engine's Error: the
    // page's name, message, stack and own properties.
    function makeRemoteError(name, message, stack, properties) {
        var Type = { TypeError: TypeError, RangeError: RangeError, SyntaxError: SyntaxError,
                     ReferenceError: ReferenceError, EvalError: EvalError,
                     URIError: URIError }[name] || Error;
        var error = new Type(message);
        try {
            if (stack)
                Object.defineProperty(error, 'stack', { value: stack, writable: true,
                                                        configurable: true });
        } catch (e) {
            // this engine's stack is read-only: keep its own
        }
        if (error.name !== name)
            Object.defineProperty(error, 'name', { value: name, writable: true,
                                                   configurable: true });
        Object.keys(properties || {}).forEach(function (key) {
            error[key] = properties[key];
        });
        return error;
    }

    return {
        makeRemoteError: makeRemoteError,
        makeContents: makeContents,
        makeEvent: makeEvent,
        makePort: makePort,
        callListener: callListener,
        callHandler: callHandler,
        bindCallback: bindCallback,
        decode: codec.decode,
        decodeArgs: codec.decodeArgs,
        BigIntValue: BigIntValue,
        BigIntArrayValue: BigIntArrayValue,
        RegExpValue: RegExpValue
    };
})
