// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The JavaScript half of WebIpc's value codec (the C++ half is src/core/codecdecoder.cpp and
// src/core/codecencoder.cpp; the value mapping is documented in docs/values.md). It gives IPC
// Electron's structured-clone semantics.
//
// Values travel as JSON. What JSON cannot say travels as a tagged object whose marker is the key
// "\u0001" (TAG): {"\u0001": "u"} is undefined. An ordinary object key that starts with TAG is
// escaped by doubling it, so no page value can pass for a tag; the key "__proto__" is escaped
// too (as "\u0001__proto__"), so that nothing on the way can take it for a prototype.
//
//   tag  value                      fields
//   u    undefined                  -
//   n    NaN, Infinity, -0          v: "NaN" | "Infinity" | "-Infinity" | "-0"
//   I    BigInt                     v: decimal digits, "-" first if negative
//   S    string that is not valid   v: array of UTF-16 code units (C++ may send this; JSON text
//        UTF-16 (lone surrogates)      from JavaScript escapes lone surrogates itself)
//   D    Date                       v: milliseconds since the epoch, or null for an invalid date
//   R    RegExp                     s: source, f: flags
//   M    Map                        v: [key0, value0, key1, value1, ...]
//   T    Set                        v: [value0, value1, ...]
//   A    ArrayBuffer                v: base64 of the bytes
//   B    ArrayBuffer out of band    v: its index among the message's out-of-band buffers,
//                                   which travel beside the message (the binary lane,
//                                   docs/protocol.md); only where the caller asks for it
//   V    TypedArray or DataView     k: "Uint8Array" ... "BigUint64Array" | "DataView",
//                                   b: its ArrayBuffer (an A or r value), o: byteOffset,
//                                   l: length (elements; bytes for a DataView)
//   E    Error                      n: name, m: message, s: stack (absent when not a string)
//   O    boxed primitive            v: the primitive, encoded
//   H    array with holes           l: length, v: [index0, value0, index1, value1, ...]
//   r    a reference                v: the id of an object sent earlier in the same message
//
// Every object (plain objects, arrays and all the tagged kinds above except u, n, I and S) gets
// an id, counting from 0 in the order the encoder first meets it, depth first, across all the
// arguments of one message, the keys of an object in the UTF-16 order of their escaped form (the
// order C++'s QJsonObject keeps them in; object key order is not kept); the decoder counts the
// same way. An object met again is sent as
// {"\u0001": "r", v: id}: shared references and cycles survive (Electron's B95).
//
// encode() walks the whole value and throws Electron's "An object could not be cloned." for
// what cannot be cloned, naming the path of the offending value. Proxies of plain objects and
// arrays are read through their traps (see docs/values.md).
//
// A host other than a page (WebIpc's QML module) evaluates this file inside a function with a
// parameter WebIpcCodecHooks, to fill in what its JavaScript engine lacks; in pages it is
// undefined (the file runs before any page script), and no hook is set:
//   bigInt(digits, boxed)   the value an "I" tag (or an "O" tag of one, boxed) decodes to
//                           where there is no BigInt
//   view(kind, buffer, byteOffset, length)
//                           the value a "V" tag decodes to where there is no such view
//                           (BigInt64Array without BigInt)
//   regExp(source, flags)   the value an "R" tag decodes to where RegExp refuses its flags
//   hostValue(value, path)  called for each object that is not a built-in kind (a plain
//                           object, a class instance, a host object): undefined to clone it
//                           as usual (or refuse it), { value: v } to clone v in its place,
//                           { wire: w } for a wire value that holds no object (an "I" tag),
//                           { tagged: w } for a tagged value that takes one object id and
//                           holds no other object ("R", or "O" of an "I"), or
//                           { view: { kind, buffer, byteOffset, length } } for a view
var WebIpcCodec = (function (hooks) {
    'use strict';

    var TAG = '\u0001';
    // How many levels deep a value may be: an argument is level 1, what it holds (an element, a
    // property, a Map key or value, a Set item) level 2, and so on. A boxed primitive's primitive
    // and a view's buffer travel inside their value's tag: no level of their own. What is deeper
    // throws. The C++ half refuses at the same depth: Codec::MaximumDepth (src/core/codec_p.h,
    // which has the arithmetic) must be this number; tests/auto/codec checks that they agree.
    // Why 500: QWebChannel parses every message with Qt's JSON parser, which drops documents
    // nested deeper than 1024 levels silently, with everything batched in them.
    var MAXIMUM_DEPTH = 500;
    var objectToString = Object.prototype.toString;
    var hasOwn = Object.prototype.hasOwnProperty;
    var defineProperty = Object.defineProperty;
    var objectKeys = Object.keys;
    var isArray = Array.isArray;
    var fromCharCode = String.fromCharCode;
    var arraySlice = Array.prototype.slice;
    var hasBigInt = typeof BigInt === 'function';

    var TYPED_KINDS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
                       'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array',
                       'Float64Array', 'BigInt64Array', 'BigUint64Array'];

    // Brand checks: getters and methods of the built-ins that throw for anything but a genuine
    // instance (a Proxy or an object with a forged Symbol.toStringTag fails them).
    function getter(proto, name) {
        var descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
        return descriptor && descriptor.get;
    }
    // The constructors the codec needs, taken now (before page scripts can replace them).
    var CTORS = {
        Map: typeof Map === 'function' ? Map : undefined,
        Set: typeof Set === 'function' ? Set : undefined,
        Number: Number, String: String, Boolean: Boolean,
        BigInt: typeof BigInt === 'function' ? BigInt : undefined,
        Symbol: typeof Symbol === 'function' ? Symbol : undefined,
        Error: Error, EvalError: EvalError, RangeError: RangeError,
        ReferenceError: ReferenceError, SyntaxError: SyntaxError, TypeError: TypeError,
        URIError: URIError,
        Int8Array: typeof Int8Array === 'function' ? Int8Array : undefined,
        Uint8Array: typeof Uint8Array === 'function' ? Uint8Array : undefined,
        Uint8ClampedArray: typeof Uint8ClampedArray === 'function' ? Uint8ClampedArray
                                                                   : undefined,
        Int16Array: typeof Int16Array === 'function' ? Int16Array : undefined,
        Uint16Array: typeof Uint16Array === 'function' ? Uint16Array : undefined,
        Int32Array: typeof Int32Array === 'function' ? Int32Array : undefined,
        Uint32Array: typeof Uint32Array === 'function' ? Uint32Array : undefined,
        Float32Array: typeof Float32Array === 'function' ? Float32Array : undefined,
        Float64Array: typeof Float64Array === 'function' ? Float64Array : undefined,
        BigInt64Array: typeof BigInt64Array === 'function' ? BigInt64Array : undefined,
        BigUint64Array: typeof BigUint64Array === 'function' ? BigUint64Array : undefined
    };
    function global(name) {
        return hasOwn.call(CTORS, name) ? CTORS[name] : undefined;
    }
    var mapForEach = typeof Map === 'function' ? Map.prototype.forEach : undefined;
    var setForEach = typeof Set === 'function' ? Set.prototype.forEach : undefined;
    var mapSize = getter(typeof Map === 'function' && Map.prototype, 'size');
    var setSize = getter(typeof Set === 'function' && Set.prototype, 'size');
    var bufferSlice = typeof ArrayBuffer === 'function' ? ArrayBuffer.prototype.slice : undefined;
    var bufferByteLength = getter(typeof ArrayBuffer === 'function' && ArrayBuffer.prototype,
                                  'byteLength');
    var dataViewByteLength = getter(typeof DataView === 'function' && DataView.prototype,
                                    'byteLength');
    var typedArrayProto = typeof Int8Array === 'function'
            ? Object.getPrototypeOf(Int8Array.prototype) : null;
    var typedArrayTag = typeof Symbol === 'function'
            ? getter(typedArrayProto, Symbol.toStringTag) : null;
    var typedArrayBuffer = getter(typedArrayProto, 'buffer');
    var typedArrayOffset = getter(typedArrayProto, 'byteOffset');
    var typedArrayLength = getter(typedArrayProto, 'length');
    var dataViewBuffer = getter(typeof DataView === 'function' && DataView.prototype, 'buffer');
    var dataViewOffset = getter(typeof DataView === 'function' && DataView.prototype,
                                'byteOffset');
    var regExpSource = getter(RegExp.prototype, 'source');
    var regExpFlags = getter(RegExp.prototype, 'flags');

    var limits = { maxBytes: 256 * 1024 * 1024 };
    var outOfBand = null; // the buffers "B" tags decode to (withOutOfBand)

    function cloneError(path, what) {
        return new Error('An object could not be cloned (' + path + ' ' + what + ').');
    }

    function typeName(value) {
        return objectToString.call(value).slice(8, -1);
    }

    function article(name) {
        // "an Event", "an HTMLDivElement" (an initialism read letter by letter), "a Promise"
        var vowel = /^[AEIOU]/.test(name) || /^[AEFHILMNORSX][A-Z]/.test(name);
        return (vowel ? 'an ' : 'a ') + name;
    }

    // Keys starting with TAG, and "__proto__" (which Qt's qwebchannel.js would turn into a
    // prototype when it copies a signal's arguments), travel with a TAG in front.
    function escapeKey(key) {
        return key.charCodeAt(0) === 1 || key === '__proto__' ? TAG + key : key;
    }

    function byEscapedKey(a, b) {
        var x = escapeKey(a), y = escapeKey(b);
        return x < y ? -1 : x > y ? 1 : 0;
    }

    // The prototypes of the built-in kinds whose internal state a Proxy cannot show: an object
    // with one of them but not its kind is a Proxy (or a fake) and cannot be cloned.
    var SPECIAL_PROTOTYPES = [];
    (function () {
        var names = ['Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Promise',
                     'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Error', 'Number', 'String',
                     'Boolean', 'BigInt', 'Symbol'].concat(TYPED_KINDS);
        var scope = typeof globalThis !== 'undefined' ? globalThis
                : typeof window !== 'undefined' ? window : typeof self !== 'undefined' ? self
                : null;
        for (var i = 0; scope && i < names.length; ++i) {
            var ctor = scope[names[i]];
            if (typeof ctor === 'function' && ctor.prototype)
                SPECIAL_PROTOTYPES.push([ctor.prototype, names[i]]);
        }
    })();

    function specialPrototypeName(value) {
        var proto;
        try {
            proto = Object.getPrototypeOf(value);
        } catch (error) {
            return undefined;
        }
        for (var i = 0; i < SPECIAL_PROTOTYPES.length; ++i) {
            if (SPECIAL_PROTOTYPES[i][0] === proto)
                return SPECIAL_PROTOTYPES[i][1];
        }
        return undefined;
    }

    function unescapeKey(key) {
        return key.charCodeAt(0) === 1 ? key.slice(1) : key;
    }

    // Sets an own data property, even for the key "__proto__".
    function setOwn(object, key, value) {
        if (key === '__proto__')
            defineProperty(object, key, { value: value, writable: true, enumerable: true,
                                          configurable: true });
        else
            object[key] = value;
    }

    function tagged(tag, value) {
        return { '\u0001': tag, v: value };
    }

    function encodeNumber(value) {
        if (value !== value)
            return tagged('n', 'NaN');
        if (value === Infinity)
            return tagged('n', 'Infinity');
        if (value === -Infinity)
            return tagged('n', '-Infinity');
        if (value === 0 && 1 / value < 0)
            return tagged('n', '-0');
        return value;
    }

    // ---- base64: table-driven over typed arrays, the encoded text made by TextDecoder where
    // there is one (browsers). In Chromium 102, for 1 MiB: encoding about 2x faster than btoa
    // over a binary string, decoding as fast as atob without its extra copy.

    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    var B64_CODES = new Uint8Array(64);
    var B64_INDEX = new Int16Array(256);
    (function () {
        for (var i = 0; i < 256; ++i)
            B64_INDEX[i] = -1;
        for (var j = 0; j < 64; ++j) {
            B64_CODES[j] = B64.charCodeAt(j);
            B64_INDEX[B64.charCodeAt(j)] = j;
        }
    })();
    var asciiDecoder = typeof TextDecoder === 'function' ? new TextDecoder() : null;

    function asciiToString(codes) {
        if (asciiDecoder)
            return asciiDecoder.decode(codes);
        var chunks = []; // (QJSEngine: no TextDecoder, and apply() takes no typed arrays)
        for (var i = 0; i < codes.length; i += 0x8000)
            chunks.push(fromCharCode.apply(null, arraySlice.call(codes.subarray(i, i + 0x8000))));
        return chunks.join('');
    }

    function bytesToBase64(bytes) {
        var n = bytes.length;
        var out = new Uint8Array(Math.ceil(n / 3) * 4);
        var codes = B64_CODES;
        var i = 0, o = 0, v;
        for (; i + 2 < n; i += 3, o += 4) {
            v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
            out[o] = codes[v >> 18];
            out[o + 1] = codes[(v >> 12) & 63];
            out[o + 2] = codes[(v >> 6) & 63];
            out[o + 3] = codes[v & 63];
        }
        if (i < n) {
            v = (bytes[i] << 16) | (i + 1 < n ? bytes[i + 1] << 8 : 0);
            out[o] = codes[v >> 18];
            out[o + 1] = codes[(v >> 12) & 63];
            out[o + 2] = i + 1 < n ? codes[(v >> 6) & 63] : 61; // '='
            out[o + 3] = 61;
        }
        return asciiToString(out);
    }

    function base64ToBytes(text) {
        var length = text.length;
        var end = length;
        while (end > 0 && end > length - 2 && text.charCodeAt(end - 1) === 61) // '='
            --end;
        if (end % 4 === 1 || (length % 4 && length !== end))
            throw new Error('WebIpc: malformed base64');
        var bytes = new Uint8Array(Math.floor(end * 3 / 4));
        var index = B64_INDEX;
        var i = 0, o = 0, v, c0, c1, c2, c3;
        for (; i + 3 < end; i += 4, o += 3) {
            c0 = text.charCodeAt(i); c1 = text.charCodeAt(i + 1);
            c2 = text.charCodeAt(i + 2); c3 = text.charCodeAt(i + 3);
            if ((c0 | c1 | c2 | c3) > 255)
                throw new Error('WebIpc: malformed base64');
            v = (index[c0] << 18) | (index[c1] << 12) | (index[c2] << 6) | index[c3];
            if (v < 0)
                throw new Error('WebIpc: malformed base64');
            bytes[o] = v >> 16;
            bytes[o + 1] = (v >> 8) & 255;
            bytes[o + 2] = v & 255;
        }
        if (i < end) { // two or three characters left
            c0 = text.charCodeAt(i); c1 = text.charCodeAt(i + 1);
            c2 = i + 2 < end ? text.charCodeAt(i + 2) : 65; // 'A' stands for the missing one
            if ((c0 | c1 | c2) > 255 || (index[c0] | index[c1] | index[c2]) < 0)
                throw new Error('WebIpc: malformed base64');
            v = (index[c0] << 18) | (index[c1] << 12) | (index[c2] << 6);
            bytes[o] = v >> 16;
            if (i + 2 < end)
                bytes[o + 1] = (v >> 8) & 255;
        }
        return bytes;
    }

    // ---- encoding

    function Encoder() {
        this.ids = new Map(); // object -> id
        this.nextId = 0;
        this.bytes = 0;
    }

    Encoder.prototype.count = function (bytes, path) {
        this.bytes += bytes;
        if (this.bytes > limits.maxBytes) {
            throw new Error('WebIpc: the message is larger than the maximum message size of '
                            + limits.maxBytes + ' bytes (at ' + path + ').');
        }
    };

    // Own enumerable string keys, as Object.keys gives them (QJSEngine's Object.keys calls
    // getters, so it is not used on page values).
    var getOwnPropertyNames = Object.getOwnPropertyNames;
    var propertyIsEnumerable = Object.prototype.propertyIsEnumerable;
    function enumerableKeys(object, path) {
        var names;
        try {
            names = getOwnPropertyNames(object);
        } catch (error) {
            throw cloneError(path, 'has keys that cannot be read: ' + String(error && error.message));
        }
        var keys = [];
        for (var i = 0; i < names.length; ++i) {
            if (propertyIsEnumerable.call(object, names[i]))
                keys.push(names[i]);
        }
        return keys;
    }

    // Reads one property, turning a throwing getter into a clone error with its path.
    function readProperty(object, key, path) {
        var value;
        try {
            value = object[key]; // not "return object[key]": QJSEngine would make it a tail call
        } catch (error) {
            throw cloneError(path, 'has a getter that threw: ' + String(error && error.message));
        }
        return value;
    }

    function brand(check, value) {
        if (!check)
            return false;
        try {
            check.call(value);
            return true;
        } catch (error) {
            return false;
        }
    }

    function unbox(value, kind) {
        var ctor = global(kind);
        if (!ctor || !ctor.prototype || typeof ctor.prototype.valueOf !== 'function')
            return undefined;
        try {
            return { v: ctor.prototype.valueOf.call(value) };
        } catch (error) {
            return undefined;
        }
    }

    Encoder.prototype.encodeBuffer = function (buffer, path, depth) {
        if (this.ids.has(buffer)) {
            this.count(16, path);
            return tagged('r', this.ids.get(buffer));
        }
        this.ids.set(buffer, this.nextId++);
        var length = bufferByteLength.call(buffer);
        this.count(16 + length, path);
        if (this.lane && length >= this.lane.threshold) {
            // A copy now: what page code writes into the buffer later must not travel.
            this.lane.buffers.push(bufferSlice.call(buffer, 0));
            return tagged('B', this.lane.buffers.length - 1);
        }
        return tagged('A', bytesToBase64(new Uint8Array(buffer, 0, length)));
    };

    Encoder.prototype.encodeObject = function (value, path, depth) {
        if (this.ids.has(value)) {
            this.count(16, path); // as C++ counts it: references are no way around the limit
            return tagged('r', this.ids.get(value));
        }
        var kind = typeName(value);
        var array = isArray(value); // true for a Proxy of an array as well

        var hosted;
        if (!array && kind !== 'Object' && kind !== 'Arguments') {
            var special = this.encodeSpecial(value, kind, path, depth);
            if (special !== undefined)
                return special;
            hosted = this.encodeHostValue(value, path, depth);
            if (hosted !== undefined)
                return hosted;
            throw cloneError(path, 'is ' + article(kind));
        }
        if (!array) {
            var fake = specialPrototypeName(value);
            if (fake)
                throw cloneError(path, 'is not a genuine ' + fake + ' (a Proxy?)');
            hosted = this.encodeHostValue(value, path, depth);
            if (hosted !== undefined)
                return hosted;
        }

        this.ids.set(value, this.nextId++);
        this.count(16, path);
        var result, i, key, keys;
        if (array) {
            var length = readProperty(value, 'length', path + '.length') >>> 0;
            // Dense until a hole is found; then only the present indices are walked.
            for (i = 0; i < length; ++i) {
                if (!hasOwn.call(value, i))
                    break;
            }
            if (i === length) {
                result = new Array(length);
                for (i = 0; i < length; ++i) {
                    var itemPath = path + '[' + i + ']';
                    result[i] = this.encodeValue(readProperty(value, i, itemPath), itemPath,
                                                 depth + 1);
                }
                return result;
            }
            var entries = [];
            keys = enumerableKeys(value, path);
            for (var k = 0; k < keys.length; ++k) {
                key = keys[k];
                var index = Number(key);
                if (String(index >>> 0) !== key || index >= length)
                    continue; // not an index: V8 would keep it, WebIpc drops it (docs/values.md)
                var entryPath = path + '[' + key + ']';
                entries.push(index, this.encodeValue(readProperty(value, key, entryPath),
                                                     entryPath, depth + 1));
            }
            return { '\u0001': 'H', l: length, v: entries };
        }

        // Keys are walked in the UTF-16 order of their escaped form, the order C++'s
        // QJsonObject keeps them in: both halves must count object ids in the same order.
        result = {};
        keys = enumerableKeys(value, path).sort(byEscapedKey);
        for (var j = 0; j < keys.length; ++j) {
            key = keys[j];
            var keyPath = path + '.' + key;
            this.count(key.length * 2, keyPath);
            setOwn(result, escapeKey(key),
                   this.encodeValue(readProperty(value, key, keyPath), keyPath, depth + 1));
        }
        return result;
    };

    // What the host's hostValue hook makes of an object that is not one of the built-in kinds
    // (a plain object, a class instance, a host object); undefined to clone it as usual.
    Encoder.prototype.encodeHostValue = function (value, path, depth) {
        var host = hooks.hostValue ? hooks.hostValue(value, path) : undefined;
        if (host === undefined)
            return undefined;
        if (hasOwn.call(host, 'wire')) {
            this.count(16, path);
            return host.wire;
        }
        if (hasOwn.call(host, 'tagged')) {
            this.ids.set(value, this.nextId++);
            this.count(16, path);
            return host.tagged;
        }
        if (hasOwn.call(host, 'view')) {
            var view = host.view;
            this.ids.set(value, this.nextId++);
            this.count(16, path);
            return { '\u0001': 'V', k: view.kind, b: this.encodeBuffer(view.buffer, path, depth),
                     o: view.byteOffset, l: view.length };
        }
        return this.encodeValue(host.value, path, depth);
    };

    // The built-in kinds other than plain objects and arrays; undefined if \a value is none.
    Encoder.prototype.encodeSpecial = function (value, kind, path, depth) {
        var self = this;
        var id;
        function register() {
            id = self.nextId++;
            self.ids.set(value, id);
            self.count(16, path);
        }
        var primitive;
        switch (kind) {
        case 'Date':
            var time;
            try {
                time = Date.prototype.getTime.call(value);
            } catch (error) {
                throw cloneError(path, 'is not a genuine Date (a Proxy?)');
            }
            register();
            return tagged('D', time === time ? time : null);
        case 'RegExp':
            if (!brand(regExpSource, value))
                throw cloneError(path, 'is not a genuine RegExp (a Proxy?)');
            register();
            var source = regExpSource.call(value);
            this.count(2 * source.length, path);
            return { '\u0001': 'R', s: source, f: regExpFlags.call(value) };
        case 'Map':
        case 'Set':
            if (!brand(kind === 'Map' ? mapSize : setSize, value))
                throw cloneError(path, 'is not a genuine ' + kind + ' (a Proxy?)');
            register();
            var items = [];
            var n = 0;
            // Snapshot first, as V8 does, so that getters cannot change what is walked.
            var snapshot = [];
            (kind === 'Map' ? mapForEach : setForEach).call(value, function (v, k) {
                snapshot.push(k, v);
            });
            if (kind === 'Map') {
                for (var m = 0; m < snapshot.length; m += 2, ++n) {
                    var mapPath = path + '.<entry ' + n + '>';
                    items.push(this.encodeValue(snapshot[m], mapPath + '.key', depth + 1));
                    items.push(this.encodeValue(snapshot[m + 1], mapPath + '.value', depth + 1));
                }
                return tagged('M', items);
            }
            for (var s = 0; s < snapshot.length; s += 2, ++n) {
                items.push(this.encodeValue(snapshot[s], path + '.<item ' + n + '>', depth + 1));
            }
            return tagged('T', items);
        case 'ArrayBuffer':
            if (!brand(bufferByteLength, value))
                throw cloneError(path, 'is not a genuine ArrayBuffer (a Proxy?)');
            return this.encodeBuffer(value, path, depth);
        case 'DataView':
            if (!brand(dataViewByteLength, value))
                throw cloneError(path, 'is not a genuine DataView (a Proxy?)');
            register();
            return { '\u0001': 'V', k: 'DataView',
                     b: this.encodeBuffer(dataViewBuffer.call(value), path, depth),
                     o: dataViewOffset.call(value), l: dataViewByteLength.call(value) };
        case 'Error':
            register();
            var name = String(readProperty(value, 'name', path + '.name'));
            var error = { '\u0001': 'E',
                          n: /^(Eval|Range|Reference|Syntax|Type|URI)?Error$/.test(name)
                                  ? name : 'Error',
                          m: String(readProperty(value, 'message', path + '.message')) };
            var stack = readProperty(value, 'stack', path + '.stack');
            if (typeof stack === 'string')
                error.s = stack;
            this.count(2 * (error.m.length + (error.s ? error.s.length : 0)), path);
            return error;
        case 'Number':
        case 'String':
        case 'Boolean':
        case 'BigInt':
            primitive = unbox(value, kind);
            if (!primitive)
                throw cloneError(path, 'is not a genuine ' + kind + ' object (a Proxy?)');
            register();
            return tagged('O', this.encodeValue(primitive.v, path, depth)); // part of the box
        case 'Symbol':
            if (unbox(value, 'Symbol'))
                throw cloneError(path, 'is a Symbol object');
            return undefined;
        default:
            if (TYPED_KINDS.indexOf(kind) !== -1) {
                var genuine = typedArrayTag ? typedArrayTag.call(value) : undefined;
                if (genuine !== kind)
                    throw cloneError(path, 'is not a genuine ' + kind + ' (a Proxy?)');
                register();
                return { '\u0001': 'V', k: kind,
                         b: this.encodeBuffer(typedArrayBuffer.call(value), path, depth),
                         o: typedArrayOffset.call(value), l: typedArrayLength.call(value) };
            }
            return undefined;
        }
    };

    // \a depth counts the values around \a value: 0 for an argument.
    Encoder.prototype.encodeValue = function (value, path, depth) {
        if (depth >= MAXIMUM_DEPTH)
            throw cloneError(path, 'is nested deeper than ' + MAXIMUM_DEPTH + ' levels');
        switch (typeof value) {
        case 'string':
            this.count(16 + 2 * value.length, path);
            return value;
        case 'boolean':
            this.count(16, path);
            return value;
        case 'number':
            this.count(16, path);
            return encodeNumber(value);
        case 'undefined':
            this.count(16, path);
            return tagged('u');
        case 'bigint':
            var digits = value.toString();
            this.count(16 + digits.length, path);
            return tagged('I', digits);
        case 'object':
            if (value !== null)
                return this.encodeObject(value, path, depth);
            this.count(16, path);
            return null;
        case 'function':
            throw cloneError(path, 'is a function');
        case 'symbol':
            throw cloneError(path, 'is a symbol');
        default:
            throw cloneError(path, 'is ' + article(typeof value));
        }
    };

    // Encodes the arguments of one call as one wire array (one clone graph, as in Electron);
    // throws on what cannot be cloned.
    // \a lane, if given ({ threshold, buffers }): ArrayBuffers of at least threshold bytes go
    // out of band, appended to lane.buffers (only once the whole message is encoded).
    function encodeArgs(args, lane) {
        var encoder = new Encoder();
        if (lane && lane.threshold > 0)
            encoder.lane = { threshold: lane.threshold, buffers: [] };
        var result = new Array(args.length);
        for (var i = 0; i < args.length; ++i)
            result[i] = encoder.encodeValue(args[i], 'args[' + i + ']', 0);
        if (encoder.lane)
            Array.prototype.push.apply(lane.buffers, encoder.lane.buffers);
        return result;
    }

    // \a lane as for encodeArgs().
    function encode(value, path, lane) {
        var encoder = new Encoder();
        if (lane && lane.threshold > 0)
            encoder.lane = { threshold: lane.threshold, buffers: [] };
        var result = encoder.encodeValue(value, path || 'value', 0);
        if (encoder.lane)
            Array.prototype.push.apply(lane.buffers, encoder.lane.buffers);
        return result;
    }

    // ---- decoding

    function Decoder() {
        this.objects = [];
    }

    function fail(what) {
        throw new Error('WebIpc: malformed value (' + what + ')');
    }

    function makeDigits(digits) {
        if (typeof digits !== 'string' || !/^-?[0-9]+$/.test(digits))
            fail('BigInt');
        return digits;
    }

    function makeBigInt(digits) {
        makeDigits(digits);
        if (hasBigInt)
            return BigInt(digits);
        if (hooks.bigInt)
            return hooks.bigInt(digits);
        throw new Error('WebIpc: this JavaScript engine has no BigInt');
    }

    Decoder.prototype.buffer = function (wire) {
        var value = this.decode(wire);
        if (typeName(value) !== 'ArrayBuffer')
            fail('view without an ArrayBuffer');
        return value;
    };

    Decoder.prototype.decodeTagged = function (value) {
        var v = value.v;
        var objects = this.objects;
        var id, i, result;
        switch (value['\u0001']) {
        case 'u':
            return undefined;
        case 'n':
            return v === 'NaN' ? NaN : v === '-0' ? -0 : v === 'Infinity' ? Infinity
                                                                             : -Infinity;
        case 'I':
            return makeBigInt(v);
        case 'S':
            if (!isArray(v))
                fail('S');
            var chunks = [];
            for (i = 0; i < v.length; i += 0x8000)
                chunks.push(fromCharCode.apply(null, v.slice(i, i + 0x8000)));
            return chunks.join('');
        case 'r':
            if (typeof v !== 'number' || !(v >= 0 && v < objects.length))
                fail('reference');
            return objects[v];
        case 'D':
            result = new Date(typeof v === 'number' ? v : NaN);
            objects.push(result);
            return result;
        case 'R':
            try {
                result = new RegExp(String(value.s), String(value.f));
            } catch (error) {
                if (!hooks.regExp)
                    throw error;
                result = hooks.regExp(String(value.s), String(value.f)); // a flag it lacks
            }
            objects.push(result);
            return result;
        case 'M':
            result = new Map();
            objects.push(result);
            if (!isArray(v))
                fail('M');
            for (i = 0; i + 1 < v.length; i += 2) {
                var key = this.decode(v[i]);
                result.set(key, this.decode(v[i + 1]));
            }
            return result;
        case 'T':
            result = new Set();
            objects.push(result);
            if (!isArray(v))
                fail('T');
            for (i = 0; i < v.length; ++i)
                result.add(this.decode(v[i]));
            return result;
        case 'A':
            result = base64ToBytes(String(v)).buffer;
            objects.push(result);
            return result;
        case 'B':
            if (!outOfBand || typeof v !== 'number' || !(v >= 0 && v < outOfBand.length)
                || typeName(outOfBand[v]) !== 'ArrayBuffer')
                fail('an out-of-band ArrayBuffer that did not arrive');
            result = outOfBand[v];
            objects.push(result);
            return result;
        case 'V':
            id = objects.length;
            objects.push(null); // the view's id comes before its buffer's
            var buffer = this.buffer(value.b);
            var offset = value.o, length = value.l;
            if (value.k === 'DataView') {
                result = new DataView(buffer, offset, length);
            } else {
                if (TYPED_KINDS.indexOf(value.k) === -1)
                    fail('view kind');
                var Ctor = global(value.k);
                if (typeof Ctor === 'function')
                    result = new Ctor(buffer, offset, length);
                else if (hooks.view)
                    result = hooks.view(value.k, buffer, offset, length);
                else
                    throw new Error('WebIpc: this JavaScript engine has no ' + value.k);
            }
            objects[id] = result;
            return result;
        case 'E':
            var Kind = /^(Eval|Range|Reference|Syntax|Type|URI)?Error$/.test(value.n)
                    ? global(value.n) : Error;
            result = new (Kind || Error)(String(value.m));
            try {
                if (typeof value.s === 'string')
                    defineProperty(result, 'stack', { value: value.s, writable: true,
                                                      configurable: true });
                else
                    delete result.stack;
            } catch (error) {
                // an engine whose stack cannot be set (Qt's QJSEngine): it keeps its own
            }
            objects.push(result);
            return result;
        case 'O':
            id = objects.length;
            objects.push(null);
            if (!hasBigInt && hooks.bigInt && v !== null && typeof v === 'object'
                    && v[TAG] === 'I') {
                result = hooks.bigInt(makeDigits(v.v), true); // a boxed BigInt
                objects[id] = result;
                return result;
            }
            var inner = this.decode(v);
            if (inner === null || typeof inner === 'object' || typeof inner === 'undefined')
                fail('boxed primitive');
            result = Object(inner);
            objects[id] = result;
            return result;
        case 'H':
            if (!isArray(v) || typeof value.l !== 'number' || !(value.l >= 0)
                || value.l > 4294967295)
                fail('H');
            result = new Array(value.l);
            objects.push(result);
            for (i = 0; i + 1 < v.length; i += 2) {
                var index = v[i];
                if (typeof index !== 'number' || !(index >= 0 && index < value.l))
                    fail('H index');
                result[index] = this.decode(v[i + 1]);
            }
            return result;
        default:
            throw new Error('WebIpc: unknown value tag ' + JSON.stringify(value['\u0001']));
        }
    };

    Decoder.prototype.decode = function (value) {
        if (value === null || typeof value !== 'object')
            return value;
        var result, i;
        if (isArray(value)) {
            result = new Array(value.length);
            this.objects.push(result);
            for (i = 0; i < value.length; ++i)
                result[i] = this.decode(value[i]);
            return result;
        }
        if (hasOwn.call(value, TAG))
            return this.decodeTagged(value);
        result = {};
        this.objects.push(result);
        var keys = objectKeys(value).sort(); // the order the encoder counted ids in
        for (i = 0; i < keys.length; ++i)
            setOwn(result, unescapeKey(keys[i]), this.decode(value[keys[i]]));
        return result;
    };

    function decode(value) {
        return new Decoder().decode(value);
    }

    function decodeArgs(args) {
        if (!isArray(args))
            return [];
        var decoder = new Decoder();
        var result = new Array(args.length);
        for (var i = 0; i < args.length; ++i)
            result[i] = decoder.decode(args[i]);
        return result;
    }

    // The largest message (an estimate of its size in bytes) that encode() accepts; C++ sets
    // it to IpcMain::maximumMessageSize().
    function setMaximumMessageSize(bytes) {
        if (typeof bytes === 'number' && bytes > 0)
            limits.maxBytes = bytes;
    }

    // Runs fn() with \a buffers as the out-of-band buffers of the message it decodes.
    function withOutOfBand(buffers, fn) {
        var saved = outOfBand;
        outOfBand = buffers;
        try {
            return fn();
        } finally {
            outOfBand = saved;
        }
    }

    return { encode: encode, encodeArgs: encodeArgs, decode: decode, decodeArgs: decodeArgs,
             setMaximumMessageSize: setMaximumMessageSize, maximumDepth: MAXIMUM_DEPTH,
             withOutOfBand: withOutOfBand };
})(typeof WebIpcCodecHooks === 'object' && WebIpcCodecHooks ? WebIpcCodecHooks : {});
