// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The types of require('electron') / require('electron/renderer') in a WebIpc preload script
// (WebIpc::AttachOptions::preload): Electron's preload-side API, as far as WebIpc has it.
// Install with `npm install <prefix>/share/WebIpc/npm/webipc-electron-types` and import from
// 'electron' or 'electron/renderer' as in an Electron app. Absent: ipcRenderer.sendToHost,
// contextBridge.exposeInIsolatedWorld (throws), and webFrame beyond
// executeJavaScript.

declare namespace WebIpcElectron {
    interface IpcRendererEvent {
        /** The ipcRenderer that received the message (copied over contextBridge it is `{}`). */
        sender: IpcRenderer;
        /** The MessagePorts main sent with the message (WebContents::postMessage); else empty. */
        ports: MessagePort[];
    }

    type IpcRendererListener = (event: IpcRendererEvent, ...args: any[]) => void;

    interface IpcRenderer {
        /** Sends a message to IpcMain's listeners of `channel`. Throws if an argument cannot be cloned. */
        send(channel: string, ...args: any[]): void;
        /** Calls IpcMain's handler of `channel`; rejects with "Error invoking remote method '…': …". */
        invoke<T = any>(channel: string, ...args: any[]): Promise<T>;
        /** Sends one message and transfers MessagePorts to IpcMain's listeners (`event.ports()`). */
        postMessage(channel: string, message: any, transfer?: MessagePort[]): void;
        /** Blocks until a listener sets the event's return value; prefer invoke. */
        sendSync<T = any>(channel: string, ...args: any[]): T;
        on(channel: string, listener: IpcRendererListener): this;
        addListener(channel: string, listener: IpcRendererListener): this;
        once(channel: string, listener: IpcRendererListener): this;
        prependListener(channel: string, listener: IpcRendererListener): this;
        prependOnceListener(channel: string, listener: IpcRendererListener): this;
        off(channel: string, listener: IpcRendererListener): this;
        removeListener(channel: string, listener: IpcRendererListener): this;
        removeAllListeners(channel?: string): this;
        listenerCount(channel: string): number;
        listeners(channel: string): IpcRendererListener[];
        eventNames(): string[];
    }

    interface ContextBridge {
        /**
         * Defines `window[apiKey]` in the page's main world: values copied and frozen, functions
         * and promises proxied both ways. Throws if the page already has that key.
         */
        exposeInMainWorld(apiKey: string, api: any): void;
        /** Runs `func` (its source) in the page's main world with copies of `args`; returns a copy of its result. */
        executeInMainWorld<A extends any[], R>(executionScript: {
            func: (...args: A) => R;
            args?: A;
        }): R;
    }

    interface WebFrame {
        /** Runs `code` in the page's main world; resolves with a copy of its value. */
        executeJavaScript(code: string): Promise<any>;
    }

    interface Process {
        readonly type: 'renderer';
        readonly platform: string;
        readonly contextIsolated: true;
        readonly sandboxed: true;
        readonly versions: { readonly chrome: string; readonly qt: string; readonly webipc: string };
    }
}

declare module 'electron' {
    export type IpcRendererEvent = WebIpcElectron.IpcRendererEvent;
    export type IpcRenderer = WebIpcElectron.IpcRenderer;
    export type ContextBridge = WebIpcElectron.ContextBridge;
    export type WebFrame = WebIpcElectron.WebFrame;
    export const ipcRenderer: IpcRenderer;
    export const contextBridge: ContextBridge;
    export const webFrame: WebFrame;
}

declare module 'electron/renderer' {
    export * from 'electron';
}
