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

/** Options of invokeWithOptions (never taken from invoke's last argument). */
export interface InvokeOptions {
    /** Aborting it rejects the call at once with the signal's reason and cancels the handler. */
    signal?: AbortSignal;
    /** Milliseconds; past them the call rejects with an Error named "TimeoutError". */
    timeout?: number;
}

/** The chunks of ipcRenderer.stream(), in order; leaving the loop early cancels the handler. */
export interface IpcStream<T = any> extends AsyncIterableIterator<T> {
    /** Stops reading and cancels the handler's QFuture. */
    cancel(): void;
    /** The same chunks as a ReadableStream. */
    readonly readable: ReadableStream<T>;
}

/** The event of a page handler (ipcRenderer.handle) called by WebContents::invoke(). */
export interface IpcRendererInvokeEvent {
    sender: IpcRenderer;
    /** Aborts when C++ cancels the call, it times out, or main gives up on it. */
    signal: AbortSignal;
}

/** What a rejected call's Error carries beyond Electron's message. */
export interface IpcInvokeError extends Error {
    code?: string;
    data?: any;
    cause?: any;
    [property: string]: any;
}

export interface IpcRenderer {
    /** Sends a message to IpcMain's listeners of `channel`. Throws if an argument cannot be cloned. */
    send(channel: string, ...args: any[]): void;
    /** Calls IpcMain's handler of `channel`; rejects with "Error invoking remote method '…': …". */
    invoke(channel: string, ...args: any[]): Promise<any>;
    /** Sends one message and transfers MessagePorts to IpcMain's listeners (`event.ports()`). */
    postMessage(channel: string, message: any, transfer?: MessagePort[]): void;
    /** Blocks until a listener sets the event's return value; prefer invoke. */
    sendSync(channel: string, ...args: any[]): any;
    /** Beyond Electron: invoke that can be aborted or time out (rejects with IpcInvokeError). */
    invokeWithOptions(channel: string, options: InvokeOptions, ...args: any[]): Promise<any>;
    /** Beyond Electron: reads the results a handler's QFuture reports, as they come. */
    stream<T = any>(channel: string, ...args: any[]): IpcStream<T>;
    streamWithOptions<T = any>(channel: string, options: { signal?: AbortSignal }, ...args: any[]): IpcStream<T>;
    /** Beyond Electron: answers WebContents::invoke(channel, ...) from main. Throws if the channel has a handler. */
    handle(channel: string, handler: (event: IpcRendererInvokeEvent, ...args: any[]) => any): void;
    handleOnce(channel: string, handler: (event: IpcRendererInvokeEvent, ...args: any[]) => any): void;
    removeHandler(channel: string): void;
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
