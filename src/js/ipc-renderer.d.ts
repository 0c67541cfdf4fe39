// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Types of window.ipcRenderer in pages attached to a WebIpc::IpcMain. Electron's own types,
// minus sendToHost, which WebIpc does not have.

export interface IpcRendererEvent {
    /** The ipcRenderer that received the message. */
    sender: IpcRenderer;
    /** The MessagePorts main sent with the message (WebContents::postMessage); else empty. */
    ports: MessagePort[];
}

export type IpcRendererListener = (event: IpcRendererEvent, ...args: any[]) => void;

export interface IpcRenderer {
    /** Sends a message to IpcMain's listeners of `channel`. Throws if an argument cannot be cloned. */
    send(channel: string, ...args: any[]): void;
    /** Calls IpcMain's handler of `channel`; rejects with "Error invoking remote method '…': …". */
    invoke(channel: string, ...args: any[]): Promise<any>;
    /** Sends one message and transfers MessagePorts to IpcMain's listeners (`event.ports()`). */
    postMessage(channel: string, message: any, transfer?: MessagePort[]): void;
    /** Blocks until a listener sets the event's return value; prefer invoke. */
    sendSync(channel: string, ...args: any[]): any;
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

declare global {
    interface Window {
        readonly ipcRenderer: IpcRenderer;
    }
    const ipcRenderer: IpcRenderer;
}
