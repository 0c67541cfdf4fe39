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

    // QJSValue::toVariant() turns a typed array into a map of its indices and a function into
    // something the codec would send as []: copy typed arrays into ArrayBuffers (QByteArray),
    // and refuse functions and symbols with Electron's clone error, naming the path. Other
    // values are left to Qt and the codec, which names what it cannot convert.
    function toHost(value, ancestors, path) {
        if (typeof value === 'function' || typeof value === 'symbol')
            throw cloneError(path, 'is a ' + typeof value);
        if (value === null || typeof value !== 'object')
            return value;
        if (ArrayBuffer.isView(value))
            return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
        var proto = getPrototypeOf(value);
        var isArray = Array.isArray(value);
        if (!isArray && proto !== Object.prototype && proto !== null)
            return value; // Date, RegExp, ArrayBuffer, QObjects, ...
        if (ancestors.indexOf(value) !== -1 || ancestors.length > 1000)
            return value; // a cycle, or too deep: the codec reports it
        ancestors.push(value);
        var out;
        if (isArray) {
            out = new Array(value.length);
            for (var i = 0; i < value.length; ++i)
                out[i] = toHost(value[i], ancestors, path + '[' + i + ']');
        } else {
            out = {};
            var keys = Object.keys(value);
            for (var k = 0; k < keys.length; ++k)
                out[keys[k]] = toHost(value[keys[k]], ancestors, path + '.' + keys[k]);
        }
        ancestors.pop();
        return out;
    }

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

    function makeContents(handle) {
        var contents = {
            send: function (channel) {
                var args = arguments;
                trySend("Error sending from WebContents on '" + channel + "'", function () {
                    native.send(handle, channel, argsToHost(args, 1));
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
            settler.reject(describe(error));
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
            settler.reject(describe(error));
            return;
        }
        var then;
        try {
            then = (value !== null && (typeof value === 'object' || typeof value === 'function'))
                    ? value.then : undefined;
        } catch (error) {
            settler.reject(describe(error));
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
                settler.reject(describe(error));
            });
        } catch (error) {
            settler.reject(describe(error));
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
        bindCallback: bindCallback
    };
})
