// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The types of window.ipcRenderer in a page attached to a WebIpc::IpcMain (no preload), typed
// by the application's channels like require('electron').ipcRenderer: add
// "webipc-electron-types/global" to tsconfig's "types", and the generated .d.ts to its files.

/// <reference path="./index.d.ts" />

declare global {
    interface Window {
        readonly ipcRenderer: WebIpcElectron.IpcRenderer;
    }
    const ipcRenderer: WebIpcElectron.IpcRenderer;
}

export {};
