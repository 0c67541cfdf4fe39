// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The page half of webipc-bench, shared by the WebIpc page and the raw QWebChannel page so that
// both run the very same loops; only the `api` adapter differs. C++ calls Bench.<scenario>(id,
// options) with runJavaScript; results go back as console messages
//     bench:result:<id>:<json>     bench:error:<id>:<text>     bench:started:0:
// so that neither IPC path under test carries the measurements.
var Bench = (function () {
    'use strict';

    var api = null;
    var tickTarget = 0, tickCount = 0, tickId = '';
    var pongWaiter = null;

    function report(id, value) {
        console.log('bench:result:' + id + ':' + JSON.stringify(value === undefined ? null : value));
    }

    function fail(id, error) {
        console.log('bench:error:' + id + ':' + String((error && error.stack) || error));
    }

    function run(id, body) {
        Promise.resolve().then(body).then(function (value) { report(id, value); },
                                          function (error) { fail(id, error); });
    }

    function onTick() {
        // Counted in the page: the scenario ends when the last message has been dispatched here.
        if (++tickCount === tickTarget)
            report(tickId, { count: tickCount });
    }

    // The same chunked btoa/atob a page would write itself (and codec.js uses).
    function toBase64(bytes) {
        var chunks = [];
        for (var i = 0; i < bytes.length; i += 0x8000)
            chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
        return btoa(chunks.join(''));
    }

    function fromBase64(text) {
        var binary = atob(text);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; ++i)
            bytes[i] = binary.charCodeAt(i);
        return bytes;
    }

    function makeString(size) {
        var unit = 'WebIpc benchmark payload 0123456789 abcdefghijklmnopqrstuvwxyz ';
        var text = unit;
        while (text.length < size)
            text += text;
        return text.slice(0, size);
    }

    function makeBytes(size) {
        var bytes = new Uint8Array(size);
        for (var i = 0; i < size; ++i)
            bytes[i] = (i * 31 + 7) & 0xff;
        return bytes;
    }

    function started() {
        console.log('bench:started:0:');
    }

    // The wall clock both processes read (C++: system_clock), in ms since the epoch. On a
    // cross-origin-isolated page performance.now() ticks at 5 us (else 100 us).
    function wallNow() {
        return performance.timeOrigin + performance.now();
    }

    // Bytes from main (scenario 12): the time from C++'s send to here, the bytes decoded.
    var bytesId = '';
    function onBytes(bytes, sentAt) {
        var ms = wallNow() - sentAt;
        if (!(bytes instanceof Uint8Array))
            fail(bytesId, 'not a Uint8Array');
        else
            report(bytesId, { ms: ms, size: bytes.length });
    }

    var self = {};

    // Whether this page is cross-origin isolated, and the smallest step performance.now()
    // takes, in microseconds.
    self.clock = function (id) {
        run(id, function () {
            var tick = Infinity;
            for (var n = 0; n < 20; ++n) {
                var a = performance.now(), b = a;
                while (b === a)
                    b = performance.now();
                tick = Math.min(tick, b - a);
            }
            // window.crossOriginIsolated: `self` is this module's object here.
            return { isolated: window.crossOriginIsolated === true, tickUs: tick * 1000 };
        });
    };

    // Scenario 12: main -> page bytes. Arms the receiver for the next message, whose result
    // goes to `id`.
    self.expectBytes = function (id) {
        bytesId = id;
        return true;
    };
    // Scenario 12: page -> main bytes, one way; main takes the time it arrives.
    var prepared = null;
    self.sendBytes = function (id, o) {
        run(id, function () {
            if (!prepared || prepared.length !== o.size)
                prepared = makeBytes(o.size);
            api.sendBytes(prepared, wallNow());
            return true;
        });
    };

    // The contextBridge adapter (bridge.html, whose preload is bridge-preload.js): a function
    // the preload exposed, and the bare DOM event round trip it is built on.
    self.startContextBridge = function () {
        var answer;
        document.addEventListener('bench-raw-pong', function (event) { answer = event.detail; });
        api = {
            callSync: function (value) { return window.benchBridge.echo(value); },
            raw: function (value) {
                document.dispatchEvent(new CustomEvent('bench-raw-ping', { detail: value }));
                return answer;
            }
        };
        started();
    };

    // The isolated-world floor (isolated.html; its isolated half is isolated-floor.js): raw
    // QWebChannel in an isolated world, one reused DOM event each way, no WebIpc code.
    self.startIsolatedFloor = function () {
        var toIsolated = document.createEvent('CustomEvent');
        var waiter = null;
        function dispatch(type, detail) {
            toIsolated.initCustomEvent(type, false, false, detail);
            document.dispatchEvent(toIsolated);
        }
        document.addEventListener('bench-floor-pong', function (event) {
            var resolve = waiter;
            waiter = null;
            if (resolve)
                resolve(event.detail);
        });
        document.addEventListener('bench-floor-ready', function () {
            if (api)
                return;
            api = {
                call: function (value) {
                    return new Promise(function (resolve) {
                        waiter = resolve;
                        dispatch('bench-floor-ping', value);
                    });
                }
            };
            // Not inside this dispatch, which may be inside the hello's: one event each way is
            // reused, and an event cannot be dispatched twice at once.
            Promise.resolve().then(function () { return api.call('start'); }).then(started);
        });
        dispatch('bench-floor-hello', null);
    };

    // The WebIpc adapter: window.ipcRenderer, as an Electron renderer would use it.
    self.startWebIpc = function () {
        var ipc = window.ipcRenderer;
        api = {
            call: function (value) { return ipc.invoke('echo', value); },
            callSync: function (value) { return ipc.sendSync('sync-echo', value); },
            fire: function (i) { ipc.send('count', i); },
            echoBytes: function (bytes) { return ipc.invoke('echo', bytes); },
            sendBytes: function (bytes, sentAt) { ipc.send('bench-bytes-in', bytes, sentAt); }
        };
        ipc.on('tick', onTick);
        ipc.on('bench-bytes', function (event, bytes, sentAt) { onBytes(bytes, sentAt); });
        // Start-up ends when the first invoke has resolved.
        api.call('start').then(started, function (error) { fail('start', error); });
    };

    // Scenario 11 (WebIpc page only). holdOne() starts an invoke the handler never answers;
    // abortHeld aborts it and reports the wall-clock time of abort() in ms since the epoch.
    var held = null;
    self.holdOne = function () {
        var controller = new AbortController();
        held = controller;
        window.ipcRenderer.invokeWithOptions('bench-hold', { signal: controller.signal })
            .catch(function () {});
    };
    self.abortHeld = function (id) {
        var at = performance.timeOrigin + performance.now();
        held.abort();
        report(id, at);
    };
    self.handleEcho = function () {
        window.ipcRenderer.removeHandler('bench-echo-page');
        window.ipcRenderer.handle('bench-echo-page', function (event, value) { return value; });
    };
    // Reads a stream to its end, yielding a macrotask every o.slowEvery chunks (a slow
    // consumer: the credit window must hold the producer back).
    self.streamRead = function (id, o) {
        run(id, async function () {
            var bytes = 0, n = 0;
            for await (var chunk of window.ipcRenderer.stream('bench-stream')) {
                bytes += chunk.byteLength;
                if (++n % o.slowEvery === 0)
                    await new Promise(function (resolve) { setTimeout(resolve, 1); });
            }
            return { bytes: bytes, chunks: n };
        });
    };

    // The baseline adapter: a QObject published on a QWebChannel, used the way Qt applications
    // use it (qwebchannel.js in the page, slot calls with a callback, signal connections).
    self.startBaseline = function () {
        new QWebChannel(qt.webChannelTransport, function (channel) {
            var object = channel.objects.bench;
            var call = function (value) {
                return new Promise(function (resolve) { object.echo(value, resolve); });
            };
            api = {
                call: call,
                callSync: null,
                callViaSignal: function (value) {
                    return new Promise(function (resolve) {
                        pongWaiter = resolve;
                        object.ping(value);
                    });
                },
                callViaProperty: function (value) {
                    return new Promise(function (resolve) {
                        pongWaiter = resolve;
                        object.pinged = value;
                    });
                },
                fire: function (i) { object.fire(i); },
                echoBytes: function (bytes) { return call(toBase64(bytes)).then(fromBase64); },
                sendBytes: function (bytes, sentAt) { object.takeBytes(toBase64(bytes), sentAt); }
            };
            object.tick.connect(onTick);
            object.bytes.connect(function (text, sentAt) { onBytes(fromBase64(text), sentAt); });
            object.pong.connect(function (value) {
                var resolve = pongWaiter;
                pongWaiter = null;
                if (resolve)
                    resolve(value);
            });
            call('start').then(started);
        });
    };

    // Sequential round trips. Each sample is the mean of `group` calls (1: one sample per
    // call, which the 5 us clock of the cross-origin-isolated page allows).
    self.latency = function (id, o) {
        run(id, async function () {
            // o.mode: 'call' (invoke / slot call with callback), 'sync' (sendSync), 'property'
            // (raw QWebChannel: a property write answered by a signal, the primitives WebIpc's
            // wire is made of), 'signal' (raw QWebChannel: a void slot call answered by a
            // signal, which gets the slot's response as well) or 'raw' (a bare DOM event round
            // trip between two worlds, contextBridge's floor).
            var mode = o.mode || 'call';
            var once = mode === 'sync' ? api.callSync : mode === 'signal' ? api.callViaSignal
                                                      : mode === 'property' ? api.callViaProperty
                                                      : mode === 'raw' ? api.raw : api.call;
            if (!once)
                throw new Error('no ' + mode + ' call on this page');
            var payload = 'ping';
            var i, j;
            for (i = 0; i < o.warmup; ++i)
                await once(payload);
            var samples = [];
            for (i = 0; i < o.calls; i += o.group) {
                var t0 = performance.now();
                for (j = 0; j < o.group; ++j) {
                    // sendSync returns the value itself; awaiting it costs one microtask.
                    var answer = mode === 'sync' || mode === 'raw' ? once(payload)
                                                                   : await once(payload);
                    if (answer !== payload)
                        throw new Error('wrong answer: ' + answer);
                }
                samples.push((performance.now() - t0) / o.group);
            }
            return { samples: samples };
        });
    };

    // `calls` invokes in flight at once; the result is calls per second.
    self.inFlight = function (id, o) {
        run(id, async function () {
            var t0 = performance.now();
            var promises = new Array(o.calls);
            for (var i = 0; i < o.calls; ++i)
                promises[i] = api.call('m' + i);
            var answers = await Promise.all(promises);
            var ms = performance.now() - t0;
            if (answers[o.calls - 1] !== 'm' + (o.calls - 1))
                throw new Error('wrong answer');
            return { ms: ms };
        });
    };

    // Fire-and-forget messages to C++, in one task (C++ counts them and takes the time).
    self.fire = function (count) {
        for (var i = 0; i < count; ++i)
            api.fire(i);
        return count;
    };

    // Arms the page-side counter of messages from C++.
    self.expectTicks = function (id, count) {
        tickId = id;
        tickCount = 0;
        tickTarget = count;
        return count;
    };

    // Round trips of one payload: o.kind is 'string' or 'bytes'; each sample (in ms) is the mean
    // of o.group round trips (1: one per round trip).
    self.payload = function (id, o) {
        run(id, async function () {
            var isBytes = o.kind === 'bytes';
            var value = isBytes ? makeBytes(o.size) : makeString(o.size);
            var once = function () {
                return isBytes ? api.echoBytes(value) : api.call(value);
            };
            var check = function (answer) {
                if (!answer || answer.length !== o.size
                    || (isBytes && !(answer instanceof Uint8Array))
                    || answer[o.size >> 1] !== value[o.size >> 1])
                    throw new Error('wrong echo of ' + o.size + ' ' + o.kind);
            };
            var i;
            for (i = 0; i < o.warmup; ++i)
                check(await once());
            var group = o.group || 1;
            var samples = [];
            for (i = 0; i < o.reps; ++i) {
                var t0 = performance.now();
                var answer;
                for (var j = 0; j < group; ++j)
                    answer = await once();
                samples.push((performance.now() - t0) / group);
                check(answer);
            }
            return { samples: samples };
        });
    };

    // Scenario 10: a MessagePort to main, and WebIpc's channel beside it. Each echoes a small
    // value and acknowledges a large one (main.cpp, echoOrAck).
    var port = null, portAnswer = null, channelAnswer = null;
    self.portSetup = function (id) {
        run(id, function () {
            var channel = new MessageChannel();
            port = channel.port2;
            port.onmessage = function (e) { if (portAnswer) portAnswer(e.data); };
            window.ipcRenderer.on('bench-echo', function (e, value) {
                if (channelAnswer)
                    channelAnswer(value);
            });
            window.ipcRenderer.postMessage('bench-port', null, [channel.port1]);
            return true;
        });
    };

    // o.mode: 'port' or 'channel'; o.size: the string's length. A sample is the mean of
    // o.group round trips (a large value is acknowledged, not echoed: one way and an ack).
    self.portLatency = function (id, o) {
        run(id, async function () {
            var value = makeString(o.size);
            var once = function () {
                return new Promise(function (resolve) {
                    if (o.mode === 'port') {
                        portAnswer = resolve;
                        port.postMessage(value);
                    } else {
                        channelAnswer = resolve;
                        window.ipcRenderer.send('bench-echo', value);
                    }
                });
            };
            var expected = o.size > 1024 ? 'ack' : value;
            var i;
            for (i = 0; i < o.warmup; ++i)
                await once();
            var samples = [];
            for (i = 0; i < o.calls; i += o.group) {
                var t0 = performance.now();
                for (var j = 0; j < o.group; ++j) {
                    if (await once() !== expected)
                        throw new Error('wrong answer from the ' + o.mode);
                }
                samples.push((performance.now() - t0) / o.group);
            }
            return { samples: samples };
        });
    };

    return self;
})();
