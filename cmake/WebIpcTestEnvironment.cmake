# WEBIPC_TEST_ENVIRONMENT: everything a test binary needs to run headless: offscreen, no sandbox
# as root, no background timer throttling in hidden pages, and a cache folder of its own (in
# the including directory's build folder). For the test suites and the benchmark's smoke test.
set(WEBIPC_TEST_ENVIRONMENT
    QT_QPA_PLATFORM=offscreen
    QTWEBENGINE_DISABLE_SANDBOX=1
    "QTWEBENGINE_CHROMIUM_FLAGS=--disable-background-timer-throttling --disable-renderer-backgrounding"
    XDG_CACHE_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-cache
    QT_LOGGING_RULES=qt.webenginecontext.debug=false)
