// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// MessagePorts, page side: loaded before ipc-renderer.js, which makes one for its ipcRenderer
// (in the world the ipcRenderer lives in). A port whose other end is in main (or in another page)
// is relayed: WebIpc holds one end of a real MessageChannel here (the relay end) and forwards
// what arrives at it to main, and what main sends for it into it, as messages of the wire
// (docs/protocol.md, "MessagePorts"):
//   to main:   [POST_MESSAGE, channel, args, portIds]   ipcRenderer.postMessage
//              [PORT_MESSAGE, portId, args, portIds]    a message arrived at a relay end
//              [PORT_CLOSE, portId]                     page code closed its end
//   from main: [POST_MESSAGE, channel, args, portIds]   (ipc-renderer.js dispatches it)
//              [PORT_MESSAGE, portId, args, portIds]    post into the relay end
//              [PORT_CLOSE, portId]                     the other end closed
// A port the page transfers gets a number from this renderer (options.firstId, idStep: the
// preload's and the main world's renderers never meet); main numbers the ports it gives with
// negative numbers. Values go through the codec, as channel arguments do: options.encodeArgs is
// the renderer's, which puts large ArrayBuffers on the binary lane (the BYTES message enqueue()
// puts before the PORT_MESSAGE; docs/protocol.md, "The binary lane"), and main's arrive
// with the BYTES_TO_PAGE buffers the renderer's receive() decodes them with.
//
// Chromium 102 (Qt 6.4) has no 'close' event on MessagePort. WebIpc gives pages one: it knows
// both ends of the channels made here (MessageChannel is wrapped to remember them) and of those
// it makes itself, so it can tell when page code closes its end (MessagePort.prototype.close is
// wrapped too) and fire 'close' on the page's end when the other end closes.
function createWebIpcPorts(enqueue, codec, options) {
    'use strict';

    var KIND = WebIpcRendererWire.PageMessage;
    var scope = typeof window !== 'undefined' ? window : self;
    var uncurry = Function.prototype.bind.bind(Function.prototype.call);
    var NativeChannel = scope.MessageChannel;
    var PortClass = scope.MessagePort;
    var portPrototype = PortClass.prototype;
    var nativeClose = uncurry(portPrototype.close);
    var nativePost = uncurry(portPrototype.postMessage);
    var nativeStart = uncurry(portPrototype.start);
    var addEventListener = uncurry(EventTarget.prototype.addEventListener);
    var dispatchEvent = uncurry(EventTarget.prototype.dispatchEvent);
    var EventCtor = Event;
    var isArray = Array.isArray;
    var hasNativeOnclose = 'onclose' in portPrototype;

    var encodeArgs = options && options.encodeArgs ? options.encodeArgs : codec.encodeArgs;
    var nextId = options && options.firstId ? options.firstId : 1;
    var idStep = options && options.idStep ? options.idStep : 1;
    var relays = new Map(); // number -> { port: the relay end, partner: the page's end or null }
    var numbers = new WeakMap(); // a relay end, or its partner -> its number
    var partners = new WeakMap(); // an end of a channel made in this world -> the other end

    function WebIpcMessageChannel() {
        if (!new.target)
            throw new TypeError("Failed to construct 'MessageChannel': Please use the 'new' "
                                + "operator, this DOM object constructor cannot be called as a "
                                + "function.");
        var channel = new NativeChannel();
        partners.set(channel.port1, channel.port2);
        partners.set(channel.port2, channel.port1);
        return channel;
    }
    WebIpcMessageChannel.prototype = NativeChannel.prototype;
    Object.defineProperty(WebIpcMessageChannel, 'name', { value: 'MessageChannel' });
    Object.defineProperty(scope, 'MessageChannel', { value: WebIpcMessageChannel, writable: true,
                                                     configurable: true, enumerable: false });
    Object.defineProperty(portPrototype, 'close', {
        value: function close() {
            var number = numbers.get(this);
            nativeClose(this);
            if (number !== undefined)
                end(number, this, true);
        },
        writable: true, configurable: true, enumerable: true
    });

    function report(text, error) {
        if (typeof console !== 'undefined')
            console.error(text, error);
    }

    function fireClose(port) {
        var event = new EventCtor('close');
        dispatchEvent(port, event);
        if (!hasNativeOnclose && typeof port.onclose === 'function') {
            try {
                port.onclose(event);
            } catch (error) {
                report('Error in MessagePort close handler:', error);
            }
        }
    }

    // Ends the relay of port \a number: its ends are closed, the page's gets 'close' (unless it
    // is the one that closed), and main is told if \a notify.
    function end(number, closer, notify) {
        var relay = relays.get(number);
        if (!relay)
            return;
        relays.delete(number);
        nativeClose(relay.port);
        if (relay.partner && relay.partner !== closer) {
            nativeClose(relay.partner);
            fireClose(relay.partner);
        }
        if (notify)
            enqueue([KIND.PORT_CLOSE, number]);
    }

    function forward(number, event) {
        if (!relays.has(number))
            return;
        var transferred = event.ports || [];
        var encoded;
        try {
            encoded = encodeArgs([event.data]); // its large buffers go beside it
        } catch (error) {
            // Chromium's clone took it (a Blob, say), WebIpc's cannot: said here, as the page's
            // postMessage could not throw it.
            report('WebIpc could not send a MessagePort message to the application:', error);
            for (var j = 0; j < transferred.length; ++j)
                nativeClose(transferred[j]);
            return;
        }
        var ids = [];
        for (var i = 0; i < transferred.length; ++i)
            ids.push(take(transferred[i]));
        enqueue([KIND.PORT_MESSAGE, number, encoded, ids]);
    }

    function relay(number, port, partner) {
        relays.set(number, { port: port, partner: partner });
        numbers.set(port, number);
        if (partner)
            numbers.set(partner, number);
        addEventListener(port, 'message', function (event) { forward(number, event); });
        nativeStart(port);
    }

    // A port the page hands to main: its number.
    function take(port) {
        var number = nextId;
        nextId += idStep;
        relay(number, port, partners.get(port) || null);
        return number;
    }

    // ipcRenderer.postMessage's transfer list: MessagePorts only (Electron's B77).
    function checkTransfer(transfer) {
        if (transfer === undefined)
            return [];
        if (!isArray(transfer))
            throw new Error('Invalid value for transfer');
        for (var i = 0; i < transfer.length; ++i) {
            var port = transfer[i];
            if (!(port instanceof PortClass))
                throw new Error('Invalid value for transfer');
            if (transfer.indexOf(port) < i)
                throw new Error('Port at index ' + i + ' is a duplicate.');
            var number = numbers.get(port);
            if (number !== undefined && relays.has(number) && relays.get(number).port === port)
                throw new Error('Port at index ' + i + ' is already neutered.');
        }
        return transfer.slice();
    }

    // The ports main gives with a message: the page's ends of new channels. \a transferring:
    // they will be posted on (so their objects here are neutered, and 'close' cannot be fired
    // on what the page receives).
    function adopt(ids, transferring) {
        var given = [];
        if (!isArray(ids))
            return given;
        for (var i = 0; i < ids.length; ++i) {
            var number = ids[i];
            if (typeof number !== 'number' || relays.has(number))
                continue;
            var channel = new NativeChannel();
            relay(number, channel.port1, transferring ? null : channel.port2);
            given.push(channel.port2);
        }
        return given;
    }

    // Ports given with a message nobody listened to: closed, main is told (Electron's "sent to
    // nowhere").
    function discard(given) {
        for (var i = 0; i < given.length; ++i) {
            var number = numbers.get(given[i]);
            if (number !== undefined)
                end(number, given[i], true);
        }
    }

    function receiveMessage(number, args, ids) {
        var given = adopt(ids, true);
        var target = relays.get(number);
        if (!target) {
            discard(given);
            return;
        }
        // Its "B" tags name the BYTES_TO_PAGE buffers before it: receive() calls this inside
        // codec.withOutOfBand() with them.
        var data = codec.decodeArgs(args)[0];
        nativePost(target.port, data, given);
    }

    function receiveClose(number) {
        end(number, null, false);
    }

    return { take: take, checkTransfer: checkTransfer, adopt: adopt, discard: discard,
             receiveMessage: receiveMessage, receiveClose: receiveClose,
             get openCount() { return relays.size; } };
}
