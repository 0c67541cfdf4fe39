// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The JavaScript half of WebIpc's value codec (the C++ half is src/core/codec.cpp).
//
// Values travel as JSON. What JSON cannot say travels as a tagged object whose only
// marker is the key "\u0001" (TAG): {"\u0001": "u"} is undefined. An ordinary object key that
// starts with TAG is escaped by doubling it, so no page value can pass for a tag.
//
//   tag  value                      fields
//   u    undefined                  -
//   n    NaN, Infinity, -0          v: "NaN" | "Infinity" | "-Infinity" | "-0"
//   D    Date                       v: milliseconds since the epoch, or null for an invalid date
//   b    Uint8Array                 v: base64 of the bytes
//   S    string that is not valid   v: array of UTF-16 code units (only C++ sends this; JSON
//        UTF-16 (lone surrogates)      text from JavaScript escapes lone surrogates itself)
//
// encode() walks the whole value and throws Electron's "An object could not be cloned." for
// what cannot be cloned, naming the path of the offending value.
var WebIpcCodec = (function () {
    'use strict';

    var TAG = '\u0001';
    var MAX_DEPTH = 1000;
    var objectToString = Object.prototype.toString;
    var hasOwn = Object.prototype.hasOwnProperty;

    function cloneError(path, what) {
        return new Error('An object could not be cloned (' + path + ' ' + what + ').');
    }

    function typeName(value) {
        return objectToString.call(value).slice(8, -1);
    }

    function article(name) {
        return (/^[AEIOU]/.test(name) ? 'an ' : 'a ') + name;
    }

    function escapeKey(key) {
        return key.charCodeAt(0) === 1 ? TAG + key : key;
    }

    function unescapeKey(key) {
        return key.charCodeAt(0) === 1 ? key.slice(1) : key;
    }

    function encodeNumber(value) {
        if (value !== value)
            return { '\u0001': 'n', v: 'NaN' };
        if (value === Infinity)
            return { '\u0001': 'n', v: 'Infinity' };
        if (value === -Infinity)
            return { '\u0001': 'n', v: '-Infinity' };
        if (value === 0 && 1 / value < 0)
            return { '\u0001': 'n', v: '-0' };
        return value;
    }

    function bytesToBase64(bytes) {
        var chunks = [];
        for (var i = 0; i < bytes.length; i += 0x8000)
            chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
        return btoa(chunks.join(''));
    }

    function base64ToBytes(text) {
        var binary = atob(text);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; ++i)
            bytes[i] = binary.charCodeAt(i);
        return bytes;
    }

    // Reads one property, turning a throwing getter into a clone error with its path.
    function readProperty(object, key, path) {
        try {
            return object[key];
        } catch (error) {
            throw cloneError(path, 'has a getter that threw: ' + String(error && error.message));
        }
    }

    function encodeObject(value, path, stack, depth) {
        var kind = typeName(value);
        if (kind === 'Date') {
            var time = value.getTime();
            return { '\u0001': 'D', v: time === time ? time : null };
        }
        if (kind === 'Uint8Array' && typeof btoa === 'function')
            return { '\u0001': 'b', v: bytesToBase64(value) };

        var isArray = Array.isArray(value);
        if (!isArray && kind !== 'Object' && kind !== 'Arguments')
            throw cloneError(path, 'is ' + article(kind));
        if (stack.indexOf(value) !== -1)
            throw cloneError(path, 'is a cyclic reference');
        if (depth >= MAX_DEPTH)
            throw cloneError(path, 'is nested deeper than ' + MAX_DEPTH + ' levels');

        stack.push(value);
        var result;
        if (isArray) {
            result = new Array(value.length);
            for (var i = 0; i < value.length; ++i) {
                var itemPath = path + '[' + i + ']';
                result[i] = encodeValue(readProperty(value, i, itemPath), itemPath, stack,
                                        depth + 1);
            }
        } else {
            result = {};
            var keys = Object.keys(value);
            for (var k = 0; k < keys.length; ++k) {
                var key = keys[k];
                var keyPath = path + '.' + key;
                result[escapeKey(key)] = encodeValue(readProperty(value, key, keyPath), keyPath,
                                                     stack, depth + 1);
            }
        }
        stack.pop();
        return result;
    }

    function encodeValue(value, path, stack, depth) {
        switch (typeof value) {
        case 'string':
        case 'boolean':
            return value;
        case 'number':
            return encodeNumber(value);
        case 'undefined':
            return { '\u0001': 'u' };
        case 'object':
            return value === null ? null : encodeObject(value, path, stack, depth);
        case 'function':
            throw cloneError(path, 'is a function');
        case 'symbol':
            throw cloneError(path, 'is a symbol');
        default:
            throw cloneError(path, 'is ' + article(typeof value));
        }
    }

    // Encodes the arguments of one call as one wire array; throws on what cannot be cloned.
    function encodeArgs(args) {
        var stack = [];
        var result = new Array(args.length);
        for (var i = 0; i < args.length; ++i)
            result[i] = encodeValue(args[i], 'args[' + i + ']', stack, 0);
        return result;
    }

    function encode(value, path) {
        return encodeValue(value, path || 'value', [], 0);
    }

    function decodeTagged(value) {
        var v = value.v;
        switch (value['\u0001']) {
        case 'u':
            return undefined;
        case 'n':
            return v === 'NaN' ? NaN : v === '-0' ? -0 : v === 'Infinity' ? Infinity : -Infinity;
        case 'D':
            return new Date(typeof v === 'number' ? v : NaN);
        case 'b':
            return base64ToBytes(String(v));
        case 'S':
            return Array.isArray(v) ? String.fromCharCode.apply(null, v) : '';
        default:
            throw new Error('WebIpc: unknown value tag ' + JSON.stringify(value['\u0001']));
        }
    }

    function decode(value) {
        if (value === null || typeof value !== 'object')
            return value;
        if (Array.isArray(value)) {
            var array = new Array(value.length);
            for (var i = 0; i < value.length; ++i)
                array[i] = decode(value[i]);
            return array;
        }
        if (hasOwn.call(value, TAG))
            return decodeTagged(value);
        var result = {};
        var keys = Object.keys(value);
        for (var k = 0; k < keys.length; ++k) {
            var key = unescapeKey(keys[k]);
            var item = decode(value[keys[k]]);
            if (key === '__proto__') // an own property, never the prototype
                Object.defineProperty(result, key, { value: item, writable: true,
                                                     enumerable: true, configurable: true });
            else
                result[key] = item;
        }
        return result;
    }

    function decodeArgs(args) {
        if (!Array.isArray(args))
            return [];
        var result = new Array(args.length);
        for (var i = 0; i < args.length; ++i)
            result[i] = decode(args[i]);
        return result;
    }

    return { encode: encode, encodeArgs: encodeArgs, decode: decode, decodeArgs: decodeArgs };
})();
