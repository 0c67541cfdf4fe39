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

    // QJSValue::toVariant() turns a typed array into a map of its indices: copy typed arrays
    // into ArrayBuffers (QByteArray) so bytes stay bytes. Other values are left to Qt and the
    // codec, which names what it cannot convert.
    function toHost(value, ancestors) {
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
                out[i] = toHost(value[i], ancestors);
        } else {
            out = {};
            var keys = Object.keys(value);
            for (var k = 0; k < keys.length; ++k)
                out[keys[k]] = toHost(value[keys[k]], ancestors);
        }
        ancestors.pop();
        return out;
    }

    function argsToHost(args, from) {
        return toHost(slice.call(args, from), []);
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
                native.send(handle, channel, argsToHost(arguments, 1));
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
            handle.reply(replyChannel, argsToHost(arguments, 1));
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
                handle.setReturnValue(toHost(value, []));
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
            settler.resolve(toHost(value, []));
            return;
        }
        try {
            then.call(value, function (result) {
                settler.resolve(toHost(result, []));
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
        toHost: function (value) { return toHost(value, []); },
        makeContents: makeContents,
        makeEvent: makeEvent,
        callListener: callListener,
        callHandler: callHandler,
        bindCallback: bindCallback
    };
})
