// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// How ipcRenderer's traffic crosses between the page's two worlds: main-world.js and
// bridge-boot.js, which talk through DOM events on the document (their names secret, see
// main-world.js). Both worlds load this file.
//
// A CustomEvent's detail is structured-cloned when the other world reads it, unless it is a
// primitive: a string crosses as it is, shared, whatever its size. Measured on Qt 6.4.2
// (docs/performance.md, "Between the two worlds"): a round trip of a small object detail 63 us,
// of the same as JSON text 33 us; a 10 MiB string inside an object 17 ms one way, alone 15 us.
// So a detail { key: value } crosses as JSON text, [key, value, places], and each large string
// in value (LARGE_STRING characters or more, among the first three levels of arrays: a
// message's fields, its arguments) crosses before it, alone, in an event of its own (the part
// event): the text has null in its place, and places says where it goes back. A detail that
// holds ArrayBuffers (JSON cannot say one: the binary lane's buffers, in messages of
// options.bufferKind) keeps the clone, and so does one that page code could change on its way
// into JSON (a toJSON on Array.prototype or Object.prototype, as old libraries define).
//
// The main world's copy is made before page code runs: everything it uses is taken then.
//
// options: { dispatch(name, detail) (synchronous), bufferKind }
function createWebIpcCrossing(options) {
    'use strict';

    var LARGE_STRING = 64 * 1024;
    // Taken now: in the main world, page code may replace them later.
    var stringify = JSON.stringify, parse = JSON.parse, isArray = Array.isArray,
        defineProperty = Object.defineProperty;
    var hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
    var arrayPrototype = Array.prototype, objectPrototype = Object.prototype;
    var dispatch = options.dispatch;
    var bufferKind = options.bufferKind;
    var arrived = []; // the large strings of the detail that comes next

    // Appends without a setter that page code may have put on Array.prototype.
    function append(list, item) {
        defineProperty(list, list.length, { __proto__: null, value: item, writable: true,
                                            enumerable: true, configurable: true });
    }

    function isLarge(item) {
        return typeof item === 'string' && item.length >= LARGE_STRING;
    }

    // Takes the large strings out of the first three levels of value (replaced by null, their
    // places noted), unless value holds buffers: then false (it must be cloned). A place is
    // made only for a string taken: this runs for every message.
    function takeStrings(value, places, strings) {
        for (var i = 0; i < value.length; ++i) {
            var message = value[i];
            if (!isArray(message)) {
                if (isLarge(message))
                    take(value, i, [i], places, strings);
                continue;
            }
            if (message[0] === bufferKind)
                return false;
            for (var j = 0; j < message.length; ++j) {
                var field = message[j];
                if (!isArray(field)) {
                    if (isLarge(field))
                        take(message, j, [i, j], places, strings);
                    continue;
                }
                for (var k = 0; k < field.length; ++k) {
                    if (isLarge(field[k]))
                        take(field, k, [i, j, k], places, strings);
                }
            }
        }
        return true;
    }

    function take(container, index, place, places, strings) {
        append(places, place);
        append(strings, container[index]);
        container[index] = null;
    }

    function put(value, place, item) {
        var container = value;
        for (var i = 0; i + 1 < place.length; ++i)
            container = isArray(container) ? container[place[i]] : undefined;
        var last = place[place.length - 1];
        if (isArray(container) && typeof last === 'number' && last >= 0 && last < container.length)
            container[last] = item;
    }

    // Sends { key: value } on the event `name`, its large strings first on `partName`.
    function send(name, partName, key, value) {
        var places = [], strings = [];
        var asText = !hasOwn(arrayPrototype, 'toJSON') && !hasOwn(objectPrototype, 'toJSON')
                && (!isArray(value) || takeStrings(value, places, strings));
        var i;
        if (!asText) {
            for (i = 0; i < places.length; ++i) // what takeStrings took before it gave up
                put(value, places[i], strings[i]);
            var detail = { __proto__: null };
            detail[key] = value;
            dispatch(name, detail);
            return;
        }
        var text = stringify([key, value, places]);
        for (i = 0; i < places.length; ++i)
            put(value, places[i], strings[i]); // the caller's value is left as it was
        for (i = 0; i < strings.length; ++i)
            dispatch(partName, strings[i]);
        dispatch(name, text);
    }

    // Sends { key: value } on the event `name`, where jsonText is value's JSON text already (the
    // bridge's copy: a batch that C++ sent as text, which it trusts): handed on as it is, not
    // escaped again, and parsed once on the other side.
    function sendJson(name, key, jsonText) {
        dispatch(name, '[' + stringify(key) + ',' + jsonText + ',[]]');
    }

    // The part event's listener: one large string of the detail that comes next.
    function receivePart(detail) {
        if (typeof detail === 'string')
            append(arrived, detail);
    }

    // The detail as it was sent: { key: value }, or null if it is not one.
    function receive(detail) {
        var strings = arrived;
        arrived = [];
        if (typeof detail !== 'string')
            return detail && typeof detail === 'object' ? detail : null;
        var message = parse(detail);
        if (!isArray(message) || typeof message[0] !== 'string' || !isArray(message[2]))
            return null;
        var places = message[2];
        if (places.length === strings.length) {
            for (var i = 0; i < places.length; ++i) {
                if (isArray(places[i]) && places[i].length > 0)
                    put(message[1], places[i], strings[i]);
            }
        }
        var result = { __proto__: null };
        result[message[0]] = message[1];
        return result;
    }

    return { send: send, sendJson: sendJson, receivePart: receivePart, receive: receive };
}
