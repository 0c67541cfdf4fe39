// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Types of webipc-electron-types/mocks (see mocks.mjs).

/// <reference path="./index.d.ts" />

/** Which ipcRenderer call reached the mock's main side. */
export type MockCallKind = 'invoke' | 'send' | 'sendSync';

/**
 * The main side of the mock: gets every invoke, send and sendSync with a copy of its arguments.
 * For invoke it may return a value or a Promise, or throw (the invoke rejects with
 * "Error invoking remote method '<channel>': <error>"); for sendSync it returns the value.
 */
export type MockHandler = (channel: string, args: any[], kind: MockCallKind) => unknown;

/** Installs a mock ipcRenderer (globalThis.ipcRenderer, window.ipcRenderer) and returns it. */
export function mockIPC(handler: MockHandler): WebIpcElectron.IpcRenderer;
/** Sends `channel` from the "main side" to the mock's listeners; returns how many ran. */
export function emit(channel: string, ...args: any[]): number;
/** The installed mock, if any. */
export function mockedIpcRenderer(): WebIpcElectron.IpcRenderer | undefined;
/** Removes the mock and its listeners. */
export function clearMocks(): void;
