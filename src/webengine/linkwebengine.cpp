// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Compiled into every binary that links a static WebIpc::WebEngine (an interface source of the
// target). urlscheme.cpp registers WebIpc's URL schemes when the application object is created
// (Q_COREAPP_STARTUP_FUNCTION), but a linker takes an object file from a static library only
// when something refers to it: this reference makes it part of the application.
#include <WebIpc/webengine.h>

namespace {

[[maybe_unused]] const bool webIpcUrlSchemeLinked = []() {
    bool (*volatile registration)() = &WebIpc::registerUrlScheme;
    return registration != nullptr;
}();

} // namespace
