// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// webipcSameValue(actual, expected): '' when actual is a faithful structured clone of expected,
// otherwise a description of the first difference. Used by the codec tests in QJSEngine and by
// the end-to-end tests in real pages. Checks kinds and prototypes, -0 and NaN, holes, Map and Set
// order, typed-array kind, offset and buffer, Error name, message and stack, and that the graph
// of shared references and cycles has the same shape (a bijection between the two graphs).
// Object key order is not compared: WebIpc does not keep it (docs/values.md).
function webipcSameValue(actual, expected) {
    'use strict';

    var toString = Object.prototype.toString;
    var hasOwn = Object.prototype.hasOwnProperty;
    var forward = new Map(); // expected object -> actual object
    var backward = new Map(); // actual object -> expected object

    function describe(value) {
        if (typeof value === 'string')
            return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
        if (typeof value === 'number' && value === 0 && 1 / value < 0)
            return '-0';
        if (typeof value === 'bigint')
            return String(value) + 'n';
        if (typeof value === 'symbol')
            return 'a symbol';
        if (value !== null && typeof value === 'object')
            return toString.call(value);
        return String(value);
    }

    function bytesOf(buffer) {
        return new Uint8Array(buffer);
    }

    function compare(a, e, path) {
        if (e === null || (typeof e !== 'object' && typeof e !== 'function')) {
            if (!Object.is(a, e))
                return path + ': got ' + describe(a) + ', expected ' + describe(e);
            return '';
        }
        if (a === null || typeof a !== 'object')
            return path + ': got ' + describe(a) + ', expected ' + describe(e);
        if (forward.has(e) || backward.has(a)) {
            if (forward.get(e) !== a || backward.get(a) !== e)
                return path + ': the shape of shared references or cycles differs';
            return '';
        }
        forward.set(e, a);
        backward.set(a, e);

        var kind = toString.call(e);
        if (toString.call(a) !== kind)
            return path + ': got ' + toString.call(a) + ', expected ' + kind;
        // A class instance arrives as a plain object (as in Electron).
        if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(e)
            && !(kind === '[object Object]' && Object.getPrototypeOf(a) === Object.prototype))
            return path + ': the prototype differs';
        var i, r, keysA, keysE;
        switch (kind) {
        case '[object Date]':
            return Object.is(a.getTime(), e.getTime()) ? ''
                : path + ': got the date ' + a.getTime() + ', expected ' + e.getTime();
        case '[object RegExp]':
            return a.source === e.source && a.flags === e.flags ? ''
                : path + ': got /' + a.source + '/' + a.flags + ', expected /' + e.source + '/'
                  + e.flags;
        case '[object Map]':
        case '[object Set]':
            if (a.size !== e.size)
                return path + ': got size ' + a.size + ', expected ' + e.size;
            var entriesA = [], entriesE = [];
            a.forEach(function (v, k) { entriesA.push([k, v]); });
            e.forEach(function (v, k) { entriesE.push([k, v]); });
            for (i = 0; i < entriesE.length; ++i) {
                r = compare(entriesA[i][0], entriesE[i][0], path + '.<key ' + i + '>')
                        || compare(entriesA[i][1], entriesE[i][1], path + '.<value ' + i + '>');
                if (r)
                    return r;
            }
            return '';
        case '[object ArrayBuffer]':
            if (a.byteLength !== e.byteLength)
                return path + ': got ' + a.byteLength + ' bytes, expected ' + e.byteLength;
            var ba = bytesOf(a), be = bytesOf(e);
            for (i = 0; i < be.length; ++i) {
                if (ba[i] !== be[i])
                    return path + ': byte ' + i + ' differs';
            }
            return '';
        case '[object Error]':
            if (a.name !== e.name || a.message !== e.message)
                return path + ': got ' + a.name + ': ' + a.message + ', expected ' + e.name + ': '
                        + e.message;
            if (a.stack !== e.stack)
                return path + ': the stack differs: ' + describe(a.stack) + ' vs '
                        + describe(e.stack);
            return '';
        case '[object Number]':
        case '[object String]':
        case '[object Boolean]':
        case '[object BigInt]':
            return Object.is(a.valueOf(), e.valueOf()) ? ''
                : path + ': got the boxed ' + describe(a.valueOf()) + ', expected '
                  + describe(e.valueOf());
        default:
            break;
        }
        if (ArrayBuffer.isView(e)) {
            if (a.byteOffset !== e.byteOffset || a.byteLength !== e.byteLength)
                return path + ': got offset ' + a.byteOffset + ' and ' + a.byteLength
                        + ' bytes, expected ' + e.byteOffset + ' and ' + e.byteLength;
            return compare(a.buffer, e.buffer, path + '.buffer');
        }
        if (Array.isArray(e)) {
            if (a.length !== e.length)
                return path + ': got length ' + a.length + ', expected ' + e.length;
            keysE = Object.keys(e);
            keysA = Object.keys(a);
            if (keysA.length !== keysE.length)
                return path + ': the holes differ (' + keysA.length + ' elements, expected '
                        + keysE.length + ')';
            for (i = 0; i < keysE.length; ++i) {
                if (!hasOwn.call(a, keysE[i]))
                    return path + '[' + keysE[i] + ']: is a hole, expected an element';
                r = compare(a[keysE[i]], e[keysE[i]], path + '[' + keysE[i] + ']');
                if (r)
                    return r;
            }
            return '';
        }
        keysE = Object.keys(e).sort();
        keysA = Object.keys(a).sort();
        if (keysA.join('\u0000') !== keysE.join('\u0000'))
            return path + ': got the keys [' + keysA + '], expected [' + keysE + ']';
        for (i = 0; i < keysE.length; ++i) {
            r = compare(a[keysE[i]], e[keysE[i]], path + '.' + keysE[i]);
            if (r)
                return r;
        }
        return '';
    }

    return compare(actual, expected, 'value');
}
