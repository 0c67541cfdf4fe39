// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Electron's contextBridge between two JavaScript worlds of one document (the preload's
// isolated world and the page's main world), which share nothing but the DOM. The same code
// runs on both sides; each side passes its values to the other as a description that the DOM
// structured-clones (CustomEvent.detail), and rebuilds what it receives:
//   - primitives pass as they are; plain objects and arrays are copied (own enumerable keys),
//     shared references and cycles kept within one crossing; nesting deeper than 1000 throws
//     Electron's recursion error;
//   - functions and promises stay in their world and cross as proxies with ids; a function
//     that comes back to its own world is the original, and one function has one proxy while
//     that proxy lives (so removeListener through the bridge works, unlike Electron);
//   - a DOM node of the document crosses as itself (the same node, in the other world);
//   - an Error crosses as a new Error of the destination world with its message;
//   - Date, RegExp, Map, Set, ArrayBuffer, typed arrays, Blob and the like are structured
//     clones; anything else that cannot be cloned throws "An object could not be cloned.".
// A call through a proxy is synchronous: the DOM dispatches events synchronously, so the
// other world runs the function and answers before dispatchEvent returns.
//
// The port (see main-world.js and preload-runtime.js) carries messages:
//   port.send(message) -> the answer the other side gave (or undefined)
// and calls the returned handle(message) with what the other side sends, whose return value
// is the answer. DOM nodes are handed over by port.handOverNode(node, seq) (an event at the
// node, which the other world's port catches) and taken by port.takeNode(seq). Messages (arrays with every slot present):
//   [CALL, functionId, args]            -> [true, value] | [false, error]
//   [SETTLE, promiseId, fulfilled, value]
//   [RELEASE, functionId]               the other side's proxy of this function was collected
//   [EXPOSE, key, value]                (to the main world) -> [true] | [false, error]
//   [EXECUTE, source, args]             (to the main world) -> [true, value] | [false, error]
// Value descriptions: a primitive other than a symbol is itself; anything else is an array:
//   ['o', [key, value, ...]]  object     ['a', [value, ...]]  array
//   ['f', id]  a function of the sender   ['F', id]  a function of the receiver, coming back
//   ['p', id]  a promise of the sender     ['e', message]  an Error
//   ['s', key] a registered symbol (Symbol.for(key)), ['S', id] another symbol
//   ['n', seq] a DOM node in the document, handed over just before (port.handOverNode)
//   ['c', value] a structured-cloneable object   ['r', index] the index-th object of this crossing
//
// Every built-in this code needs is taken when it starts, before page scripts run: in the main
// world, page code may replace prototypes' methods, add getters to Object.prototype or patch
// Function.prototype.call, and none of that reaches what crosses here.
function createWebIpcContextBridge(port, options) {
    'use strict';

    var CALL = 0, SETTLE = 1, RELEASE = 2, EXPOSE = 3, EXECUTE = 4;
    var MAXIMUM_DEPTH = 1000;
    var DEPTH_ERROR = 'Electron contextBridge recursion depth exceeded.  Nested objects deeper '
            + 'than 1000 are not supported.';
    var CLONE_ERROR = 'An object could not be cloned.';

    var uncurry = Function.prototype.bind.bind(Function.prototype.call);
    var apply = Reflect.apply;
    var ownKeys = Reflect.ownKeys;
    var isArray = Array.isArray;
    var freeze = Object.freeze;
    var isFrozen = Object.isFrozen;
    var defineProperty = Object.defineProperty;
    var getPrototypeOf = Object.getPrototypeOf;
    var objectPrototype = Object.prototype;
    var arrayPrototype = Array.prototype;
    var isEnumerable = uncurry(Object.prototype.propertyIsEnumerable);
    var objectToString = uncurry(Object.prototype.toString);
    var MapCtor = Map, WeakMapCtor = WeakMap;
    var mapGet = uncurry(Map.prototype.get), mapSet = uncurry(Map.prototype.set);
    var mapHas = uncurry(Map.prototype.has), mapDelete = uncurry(Map.prototype.delete);
    var weakGet = uncurry(WeakMap.prototype.get), weakSet = uncurry(WeakMap.prototype.set);
    var weakDelete = uncurry(WeakMap.prototype['delete']);
    var isView = ArrayBuffer.isView;
    var PromiseCtor = Promise;
    var promiseThen = uncurry(Promise.prototype.then);
    var ErrorCtor = Error, TypeErrorCtor = TypeError;
    var StringCtor = String;
    var SymbolFor = Symbol.for, SymbolKeyFor = Symbol.keyFor, SymbolCtor = Symbol;
    var symbolDescription = uncurry(Object.getOwnPropertyDescriptor(Symbol.prototype,
                                                                    'description').get);
    var nodeDescriptor = typeof Node === 'function'
            ? Object.getOwnPropertyDescriptor(Node.prototype, 'nodeType') : null;
    var nodeType = nodeDescriptor ? uncurry(nodeDescriptor.get) : null;
    var isConnected = nodeType
            ? uncurry(Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected').get) : null;
    var getRootNode = nodeType ? uncurry(Node.prototype.getRootNode) : null;
    var theDocument = typeof document === 'object' ? document : null;
    var cloneCheck = typeof structuredClone === 'function' ? structuredClone : null;
    var WeakRefCtor = typeof WeakRef === 'function' ? WeakRef : null;
    var weakRefDeref = WeakRefCtor ? uncurry(WeakRef.prototype.deref) : null;
    var registry = typeof FinalizationRegistry === 'function'
            ? new FinalizationRegistry(proxyCollected) : null;
    var registryRegister = registry ? uncurry(FinalizationRegistry.prototype.register) : null;
    // Values that cross as {} (Electron: ipcRenderer's methods live on its prototype).
    var opaque = options && options.opaque ? options.opaque : [];

    var nextId = 1;
    var localFunctions = new MapCtor(); // id -> function of this world, lent to the other
    var localFunctionIds = new WeakMapCtor(); // function -> id
    var remoteFunctions = new MapCtor(); // id -> WeakRef of the proxy (or the proxy itself)
    var proxyIds = new WeakMapCtor(); // proxy -> id in the other world
    var pendingPromises = new MapCtor(); // id -> { resolve, reject } for the other's promises
    var localSymbols = new MapCtor(), localSymbolIds = new MapCtor();
    var remoteSymbols = new MapCtor(), remoteSymbolIds = new MapCtor();

    function own(object, key, value) {
        defineProperty(object, key, { __proto__: null, value: value, writable: true,
                                      enumerable: true, configurable: true });
    }

    function array(length) {
        var result = [];
        result.length = length;
        return result;
    }

    function isPlainArray(value) {
        return isArray(value) && getPrototypeOf(value) === arrayPrototype;
    }

    function isError(value) {
        return objectToString(value) === '[object Error]';
    }

    function isPromise(value) {
        return objectToString(value) === '[object Promise]';
    }

    function isNode(value) {
        if (!nodeType)
            return false;
        try {
            nodeType(value);
            return true;
        } catch (error) {
            return false;
        }
    }

    function isPlainObject(value) {
        var proto = getPrototypeOf(value);
        return proto === objectPrototype || proto === null;
    }

    // ---- encoding: this world's values -> descriptions -------------------------------------

    function Encoding() {
        this.seen = new MapCtor(); // object -> index
        this.count = 0;
    }

    function encodeFunction(fn) {
        var remoteId = weakGet(proxyIds, fn);
        if (remoteId !== undefined)
            return ['F', remoteId];
        var id = weakGet(localFunctionIds, fn);
        if (id === undefined) {
            id = nextId++;
            weakSet(localFunctionIds, fn, id);
            mapSet(localFunctions, id, fn);
        }
        return ['f', id];
    }

    function encodeSymbol(symbol) {
        var key = SymbolKeyFor(symbol);
        if (key !== undefined)
            return ['s', key];
        var remoteId = mapGet(remoteSymbolIds, symbol);
        if (remoteId !== undefined)
            return ['S', -remoteId];
        var id = mapGet(localSymbolIds, symbol);
        if (id === undefined) {
            id = nextId++;
            mapSet(localSymbolIds, symbol, id);
            mapSet(localSymbols, id, symbol);
        }
        return ['S', id, symbolDescription(symbol)];
    }

    function encodePromise(promise) {
        var id = nextId++;
        promiseThen(promise, function (value) {
            settle(id, true, value);
        }, function (reason) {
            settle(id, false, reason);
        });
        return ['p', id];
    }

    function settle(id, fulfilled, value) {
        var encoded;
        try {
            encoded = encode(value, 0, new Encoding());
        } catch (error) {
            fulfilled = false;
            encoded = ['e', errorMessage(error)];
        }
        port.send([SETTLE, id, fulfilled, encoded]);
    }

    function errorMessage(error) {
        try {
            if (error !== null && typeof error === 'object' && isError(error)) {
                var message = error.message;
                return typeof message === 'string' ? message : StringCtor(message);
            }
            return StringCtor(error);
        } catch (e) {
            return 'An unknown exception occurred';
        }
    }

    function encode(value, depth, encoding) {
        if (depth >= MAXIMUM_DEPTH)
            throw new TypeErrorCtor(DEPTH_ERROR);
        var type = typeof value;
        if (type === 'symbol')
            return encodeSymbol(value);
        if (type === 'function')
            return encodeFunction(value);
        if (value === null || type !== 'object')
            return value;
        var index = mapGet(encoding.seen, value);
        if (index !== undefined)
            return ['r', index];
        mapSet(encoding.seen, value, encoding.count++);
        for (var o = 0; o < opaque.length; ++o) {
            if (opaque[o] === value)
                return ['o', []];
        }
        if (isPromise(value))
            return encodePromise(value);
        if (isError(value))
            return ['e', errorMessage(value)];
        var i;
        if (isPlainArray(value)) {
            var length = value.length;
            var items = array(length);
            for (i = 0; i < length; ++i)
                items[i] = encode(value[i], depth + 1, encoding);
            return ['a', items];
        }
        if (isPlainObject(value)) {
            var keys = ownKeys(value);
            var entries = [];
            var n = 0;
            for (i = 0; i < keys.length; ++i) {
                var key = keys[i];
                if (!isEnumerable(value, key))
                    continue;
                entries[n++] = typeof key === 'symbol' ? encodeSymbol(key) : key;
                entries[n++] = encode(value[key], depth + 1, encoding);
            }
            return ['o', entries];
        }
        if (isNode(value)) {
            // A DOM node is the same node in both worlds: the port hands it over on an event
            // dispatched at it (only nodes in the document can be reached that way).
            if (!isConnected(value) || getRootNode(value) !== theDocument || !port.handOverNode)
                throw new ErrorCtor(CLONE_ERROR);
            var seq = nextId++;
            port.handOverNode(value, seq);
            return ['n', seq];
        }
        // Date, RegExp, Map, Set, ArrayBuffer, views, Blob, ...: the DOM clones them. The DOM
        // would only fail when the other world reads the event, so check here.
        // The copy goes instead of the value: it has no getters, so no code of this world runs
        // while the other world reads the event.
        if (cloneCheck) {
            try {
                return ['c', cloneCheck(value)];
            } catch (error) {
                throw new ErrorCtor(CLONE_ERROR);
            }
        }
        return ['c', value];
    }

    // ---- decoding: descriptions -> this world's values --------------------------------------

    function proxyCollected(id) {
        var entry = mapGet(remoteFunctions, id);
        // A newer proxy for the same function may have replaced the collected one.
        if (entry !== undefined && weakRefDeref(entry) === undefined) {
            mapDelete(remoteFunctions, id);
            port.send([RELEASE, id, null, null]);
        }
    }

    function makeProxy(id) {
        var entry = mapGet(remoteFunctions, id);
        var existing = entry === undefined ? undefined : (WeakRefCtor ? weakRefDeref(entry) : entry);
        if (existing !== undefined)
            return existing;
        var proxy = function () {
            var args = array(arguments.length);
            var encoding = new Encoding();
            for (var i = 0; i < arguments.length; ++i)
                args[i] = encode(arguments[i], 0, encoding);
            var answer = port.send([CALL, id, args, null]);
            return settleAnswer(answer);
        };
        weakSet(proxyIds, proxy, id);
        if (WeakRefCtor && registry) {
            mapSet(remoteFunctions, id, new WeakRefCtor(proxy));
            registryRegister(registry, proxy, id);
        } else {
            mapSet(remoteFunctions, id, proxy);
        }
        return proxy;
    }

    function settleAnswer(answer) {
        if (!isArray(answer))
            throw new ErrorCtor('contextBridge: the other world did not answer');
        var value = decode(answer[1], []);
        if (answer[0] === true)
            return value;
        throw value !== null && typeof value === 'object' && isError(value)
                ? value : new ErrorCtor(errorMessage(value));
    }

    function remotePromise(id) {
        return new PromiseCtor(function (resolve, reject) {
            mapSet(pendingPromises, id, { __proto__: null, resolve: resolve, reject: reject });
        });
    }

    function decodeSymbol(node) {
        if (node[0] === 's')
            return SymbolFor(node[1]);
        var id = node[1];
        if (id < 0)
            return mapGet(localSymbols, -id);
        var symbol = mapGet(remoteSymbols, id);
        if (symbol === undefined) {
            symbol = SymbolCtor(node[2]);
            mapSet(remoteSymbols, id, symbol);
            mapSet(remoteSymbolIds, symbol, id);
        }
        return symbol;
    }

    function decode(node, objects) {
        if (node === null || typeof node !== 'object' || !isArray(node))
            return node;
        var kind = node[0];
        var i, result;
        switch (kind) {
        case 'r':
            return objects[node[1]];
        case 'f':
            return makeProxy(node[1]);
        case 'F':
            return mapGet(localFunctions, node[1]);
        case 's':
        case 'S':
            return decodeSymbol(node);
        case 'p':
            objects[objects.length] = null;
            return remotePromise(node[1]);
        case 'e':
            objects[objects.length] = null;
            return new ErrorCtor(node[1]);
        case 'c':
            objects[objects.length] = node[1];
            return node[1];
        case 'n':
            var handed = port.takeNode ? port.takeNode(node[1]) : undefined;
            objects[objects.length] = handed === undefined ? null : handed;
            return objects[objects.length - 1];
        case 'a':
            var items = node[1];
            result = array(items.length);
            objects[objects.length] = result;
            for (i = 0; i < items.length; ++i)
                result[i] = decode(items[i], objects);
            return result;
        case 'o':
            var entries = node[1];
            result = {};
            objects[objects.length] = result;
            for (i = 0; i + 1 < entries.length; i += 2) {
                var key = entries[i];
                if (key !== null && typeof key === 'object')
                    key = decodeSymbol(key);
                own(result, key, decode(entries[i + 1], objects));
            }
            return result;
        }
        return undefined;
    }

    function decodeArgs(nodes) {
        var objects = [];
        var args = array(nodes.length);
        for (var i = 0; i < nodes.length; ++i)
            args[i] = decode(nodes[i], objects);
        return args;
    }

    // Electron's DeepFreeze: objects, arrays and functions, not typed arrays.
    function deepFreeze(value, depth) {
        if (value === null || (typeof value !== 'object' && typeof value !== 'function')
            || isFrozen(value) || depth > MAXIMUM_DEPTH || isView(value))
            return value;
        freeze(value);
        var keys = ownKeys(value);
        for (var i = 0; i < keys.length; ++i)
            deepFreeze(value[keys[i]], depth + 1);
        return value;
    }

    // ---- messages from the other world ------------------------------------------------------

    function answerCall(fn, args) {
        var value;
        try {
            value = apply(fn, undefined, decodeArgs(args));
        } catch (error) {
            return [false, ['e', errorMessage(error)]];
        }
        try {
            return [true, encode(value, 0, new Encoding())];
        } catch (error) {
            return [false, ['e', errorMessage(error)]];
        }
    }

    function handle(message, run) {
        if (!isArray(message))
            return undefined;
        switch (message[0]) {
        case CALL:
            var fn = mapGet(localFunctions, message[1]);
            if (typeof fn !== 'function')
                return [false, ['e', 'contextBridge: the function is no longer available']];
            return run(function () { return answerCall(fn, message[2]); });
        case SETTLE:
            var pending = mapGet(pendingPromises, message[1]);
            if (pending) {
                mapDelete(pendingPromises, message[1]);
                var value = decode(message[3], []);
                if (message[2] === true)
                    pending.resolve(value);
                else
                    pending.reject(value !== null && typeof value === 'object' && isError(value)
                                   ? value : new ErrorCtor(errorMessage(value)));
            }
            return undefined;
        case RELEASE:
            var released = mapGet(localFunctions, message[1]);
            if (released !== undefined) {
                mapDelete(localFunctions, message[1]);
                weakDelete(localFunctionIds, released);
            }
            return undefined;
        }
        return options && options.handleExtra ? options.handleExtra(message, run) : undefined;
    }

    return {
        EXPOSE: EXPOSE,
        EXECUTE: EXECUTE,
        handle: handle,
        encodeValue: function (value) { return encode(value, 0, new Encoding()); },
        encodeArgs: function (args) {
            var encoding = new Encoding();
            var out = array(args.length);
            for (var i = 0; i < args.length; ++i)
                out[i] = encode(args[i], 0, encoding);
            return out;
        },
        decodeValue: function (node) { return decode(node, []); },
        decodeArgs: decodeArgs,
        settleAnswer: settleAnswer,
        answerCall: answerCall,
        deepFreeze: function (value) { return deepFreeze(value, 0); },
        errorMessage: errorMessage
    };
}
