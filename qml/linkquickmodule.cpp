// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Compiled into every binary that links WebIpc::Quick (an interface source of the target), so
// that the linker keeps the library although the application calls none of its functions: the
// QML module registers itself from the library's static initialisers. The reference is the one
// Qt's documentation gives for a QML module's backing library ("Creating C++ Plugins for QML"),
// and the one Qt's generated plugin makes.
void qml_register_types_WebIpc();

namespace {

[[maybe_unused]] const bool webIpcQuickModuleLinked = []() {
    volatile auto registration = &qml_register_types_WebIpc;
    return registration != nullptr;
}();

} // namespace
