/**
 * Preload for the main window, bundled to a single CommonJS file because a sandboxed preload cannot
 * load sibling chunks. It exposes the narrow bridge and nothing else (Electron security checklist #20
 * "Do not expose Electron APIs to untrusted web content").
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'nearcast',
  createBridge(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (event, listener) => {
      // A fresh wrapper per subscription: it drops Electron's event object and is what we remove.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, wrapped);
      return () => {
        ipcRenderer.removeListener(event, wrapped);
      };
    },
  ),
);
