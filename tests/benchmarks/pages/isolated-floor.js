// The isolated-world floor (scenario 1's note), run in an isolated world after qwebchannel.js:
// raw QWebChannel kept away from page code, as WebIpc keeps it, and reached from the main world
// by the cheapest synchronous crossing measured there, one reused DOM event each way with a
// string detail (no copy). No WebIpc code: what any design that keeps the channel out of the
// main world pays at least, on top of the raw wire's property write answered by a signal.
(function () {
    'use strict';
    var toMain = document.createEvent('CustomEvent');
    var object = null;
    var helloHeard = false;

    function dispatch(type, detail) {
        toMain.initCustomEvent(type, false, false, detail);
        document.dispatchEvent(toMain);
    }

    // The main world says hello once its listeners are in place; whichever of that and the
    // channel comes last sends "ready".
    document.addEventListener('bench-floor-hello', function () {
        helloHeard = true;
        if (object)
            dispatch('bench-floor-ready', null);
    });
    document.addEventListener('bench-floor-ping', function (event) {
        object.pinged = event.detail;
    });
    new QWebChannel(qt.webChannelTransport, function (channel) {
        object = channel.objects.bench;
        object.pong.connect(function (value) { dispatch('bench-floor-pong', value); });
        if (helloHeard)
            dispatch('bench-floor-ready', null);
    });
})();
