// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The JavaScript half of WebIpc's QML module, evaluated once per QML engine. It gives QML the
// Electron-shaped objects C++ cannot express: variadic send()/reply(), event.returnValue as an
// assignable property, and handlers that may return a Promise. `native` is the engine's
// WebIpc::QuickEngine; event and contents handles are C++ objects.
(function (native) {
    'use strict';

    var slice = Array.prototype.slice;
    var getPrototypeOf = Object.getPrototypeOf;

    function cloneError(path, what) {
        return new Error('An object could not be cloned (' + path + ' ' + what + ').');
    }

    // Values that QJSValue::toVariant() would flatten travel to C++ as marked objects, which
    // QuickEngine::fromHost() turns into WebIpc's value types (JsMap, TypedArray, ...).
    var MARK = '\u0001webipc';
    var objectToString = Object.prototype.toString;

    function typeTag(value) {
        return objectToString.call(value).slice(8, -1);
    }

    function marked(kind, fields) {
        fields[MARK] = kind;
        return fields;
    }

    // Converts a QML value for the codec: typed arrays, Map, Set, RegExp, Error, boxed
    // primitives and arrays with holes keep their kind (QJSValue::toVariant() would turn a typed
    // array into a map of its indices and a Map into an empty object); functions and symbols are
    // refused with Electron's clone error, naming the path. Other values are left to Qt and the
    // codec, which names what it cannot convert.
    function toHost(value, ancestors, path) {
        if (typeof value === 'function' || typeof value === 'symbol')
            throw cloneError(path, 'is a ' + typeof value);
        if (value === null || typeof value !== 'object')
            return value;
        if (value instanceof ArrayBuffer || value instanceof Date)
            return value; // QByteArray, QDateTime
        var tag = typeTag(value);
        if (ArrayBuffer.isView(value)) {
            // A Uint8Array over its whole buffer is the common case: a QByteArray.
            if (tag === 'Uint8Array' && value.byteOffset === 0
                    && value.byteLength === value.buffer.byteLength)
                return value.buffer.slice(0);
            return marked('TypedArray', {
                kind: tag,
                buffer: value.buffer.slice(0),
                byteOffset: value.byteOffset,
                length: tag === 'DataView' ? value.byteLength : value.length
            });
        }
        if (value instanceof RegExp)
            return marked('RegExp', { source: value.source, flags: value.flags });
        if (value instanceof Error) {
            return marked('Error', { name: String(value.name), message: String(value.message),
                                     stack: String(value.stack || '') });
        }
        if (tag === 'Number' || tag === 'String' || tag === 'Boolean')
            return marked('Boxed', { value: value.valueOf() });
        if (ancestors.indexOf(value) !== -1 || ancestors.length > 1000)
            return value; // a cycle, or too deep: the codec reports it
        ancestors.push(value);
        var out;
        if (tag === 'Map') {
            var entries = [];
            var n = 0;
            value.forEach(function (v, k) {
                entries.push([toHost(k, ancestors, path + '.key' + n),
                              toHost(v, ancestors, path + '.value' + n)]);
                ++n;
            });
            out = marked('Map', { entries: entries });
        } else if (tag === 'Set') {
            var values = [];
            value.forEach(function (v) {
                values.push(toHost(v, ancestors, path + '[' + values.length + ']'));
            });
            out = marked('Set', { values: values });
        } else if (Array.isArray(value)) {
            var holes = false;
            out = new Array(value.length);
            for (var i = 0; i < value.length; ++i) {
                if (!(i in value))
                    holes = true;
                else
                    out[i] = toHost(value[i], ancestors, path + '[' + i + ']');
            }
            if (holes) {
                var items = [];
                for (var j = 0; j < value.length; ++j) {
                    if (j in value)
                        items.push([j, out[j]]);
                }
                out = marked('Sparse', { length: value.length, items: items });
            }
        } else if ((getPrototypeOf(value) === Object.prototype || getPrototypeOf(value) === null)
                   && !native.isQObject(value)) {
            out = {};
            var keys = Object.keys(value);
            for (var k = 0; k < keys.length; ++k)
                out[keys[k]] = toHost(value[keys[k]], ancestors, path + '.' + keys[k]);
        } else {
            out = value; // QObjects, value types, class instances: Qt converts them
        }
        ancestors.pop();
        return out;
    }

    // The other way: JavaScript values for WebIpc's value types (see QuickEngine::toJs()).
    var typedArrays = {
        Int8Array: Int8Array, Uint8Array: Uint8Array, Uint8ClampedArray: Uint8ClampedArray,
        Int16Array: Int16Array, Uint16Array: Uint16Array, Int32Array: Int32Array,
        Uint32Array: Uint32Array, Float32Array: Float32Array, Float64Array: Float64Array,
        DataView: DataView
    };

    var makers = {
        Map: function (entries) {
            var map = new Map();
            entries.forEach(function (entry) { map.set(entry[0], entry[1]); });
            return map;
        },
        Set: function (values) {
            return new Set(values);
        },
        RegExp: function (source, flags) {
            return new RegExp(source, flags);
        },
        TypedArray: function (kind, buffer, byteOffset, length) {
            if (kind === 'ArrayBuffer')
                return buffer;
            var Type = typedArrays[kind];
            return Type ? new Type(buffer, byteOffset, length) : undefined;
        },
        Error: function (name, message, stack) {
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
            return error;
        },
        // A WebIpc::RemoteError (webContents.invoke()'s rejection): the page's Error, with its
        // name and own properties.
        RemoteError: function (name, message, stack, properties) {
            var error = makers.Error(name, message, stack);
            if (error.name !== name)
                Object.defineProperty(error, 'name', { value: name, writable: true,
                                                       configurable: true });
            Object.keys(properties).forEach(function (key) {
                error[key] = properties[key];
            });
            return error;
        },
        Boxed: function (value) {
            return Object(value);
        },
        Sparse: function (length, items) {
            var array = new Array(length);
            items.forEach(function (item) { array[item[0]] = item[1]; });
            return array;
        }
    };

    function argsToHost(args, from) {
        return toHost(slice.call(args, from), [], 'args');
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
    // and its own properties (code, data, cause, ...), each converted, or left out if it
    // cannot be.
    function detailsOf(error) {
        var details = {};
        if (error === null || typeof error !== 'object')
            return details;
        var names;
        try {
            names = Object.getOwnPropertyNames(error);
        } catch (e) {
            return details;
        }
        if (typeof error.name === 'string' && error.name !== 'Error')
            names.push('name');
        names.forEach(function (name) {
            if (name === 'message' || name === 'stack' || name === 'lineNumber'
                || name === 'fileName')
                return;
            try {
                details[name] = toHost(error[name], [], name);
            } catch (e) { }
        });
        return details;
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
                    handle.setReturnValue(toHost(value, [], 'returnValue'));
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
            converted = toHost(value, [], 'value');
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
        var then;
        try {
            then = (value !== null && (typeof value === 'object' || typeof value === 'function'))
                    ? value.then : undefined;
        } catch (error) {
            rejectWith(settler, error);
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

    // A function that calls target[method](value): the callback runJavaScript() wants.
    function bindCallback(target, method) {
        return function (value) {
            target[method](value);
        };
    }

    return {
        makeContents: makeContents,
        makeEvent: makeEvent,
        callListener: callListener,
        callHandler: callHandler,
        bindCallback: bindCallback,
        makers: makers
    };
})
