/**
 * The words main shows itself — tray menu and tooltip, notifications, the application menu, the quit
 * dialog, the text-field menu — in the user's language. The renderer owns the language choice
 * (renderer/src/i18n) and tells main (`app:set-language`); until it has, main follows the OS locale
 * (`app.getLocale()`). The tables are small and kept here, in one module, so a missing French string is a
 * type error rather than English text in a French menu.
 */
import { appLocaleSchema, type AppLocale } from '../../../common/ipc';

export type MainLocale = AppLocale;

const en = {
  notInCall: 'Nearcast: not in a call',
  /** The tooltip in a call: the parts below, joined with commas. */
  statusLine: (parts: string) => `Nearcast: ${parts}`,
  inCall: 'in a call',
  sharingScreen: 'sharing your screen',
  muted: 'muted',
  micOn: 'microphone on',
  sharingTitle: 'Sharing',
  sharingWindowPrefix: '● Sharing your screen — ',
  openApp: 'Open Nearcast',
  mute: 'Mute',
  unmute: 'Unmute',
  stopSharing: 'Stop sharing',
  quit: 'Quit Nearcast',
  incomingTitle: 'Incoming call',
  incomingBody: (name: string) => `${name} is calling you.`,
  accept: 'Accept',
  decline: 'Decline',
  trayHintTitle: 'Nearcast is still running',
  trayHintBody:
    'Calls still ring while the window is closed. Quit from the tray icon, or turn this off under Desktop app on the Home screen.',
  quitTitle: 'Quit Nearcast?',
  quitInCall: (names: string) =>
    names ? `You are in a call with ${names}. Quit anyway?` : 'You are in a call. Quit anyway?',
  quitTransfers: (count: number) =>
    count === 1
      ? 'A file is still being transferred. Quit anyway?'
      : `${count} files are still being transferred. Quit anyway?`,
  quitInCallAndTransfers: (names: string, count: number) =>
    `${names ? `You are in a call with ${names}` : 'You are in a call'} and ${count === 1 ? 'a file is' : `${count} files are`} still being transferred. Quit anyway?`,
  quitButton: 'Quit',
  cancel: 'Cancel',
  view: 'View',
  openLogs: 'Open logs',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select all',
};

export type MainStrings = typeof en;

const fr: MainStrings = {
  notInCall: 'Nearcast : pas d’appel en cours',
  statusLine: (parts) => `Nearcast : ${parts}`,
  inCall: 'en appel',
  sharingScreen: 'écran partagé',
  muted: 'micro coupé',
  micOn: 'micro ouvert',
  sharingTitle: 'Partage',
  sharingWindowPrefix: '● Partage de votre écran — ',
  openApp: 'Ouvrir Nearcast',
  mute: 'Couper le micro',
  unmute: 'Rétablir le micro',
  stopSharing: 'Arrêter le partage',
  quit: 'Quitter Nearcast',
  incomingTitle: 'Appel entrant',
  incomingBody: (name) => `${name} vous appelle.`,
  accept: 'Répondre',
  decline: 'Refuser',
  trayHintTitle: 'Nearcast reste ouvert',
  trayHintBody:
    'Les appels sonnent toujours quand la fenêtre est fermée. Quittez depuis l’icône de la barre des tâches, ou désactivez cela sous Application de bureau, sur l’écran d’accueil.',
  quitTitle: 'Quitter Nearcast ?',
  quitInCall: (names) =>
    names
      ? `Vous êtes en appel avec ${names}. Quitter quand même ?`
      : 'Vous êtes en appel. Quitter quand même ?',
  quitTransfers: (count) =>
    count === 1
      ? 'Un fichier est encore en cours de transfert. Quitter quand même ?'
      : `${count} fichiers sont encore en cours de transfert. Quitter quand même ?`,
  quitInCallAndTransfers: (names, count) =>
    `${names ? `Vous êtes en appel avec ${names}` : 'Vous êtes en appel'} et ${count === 1 ? 'un fichier est' : `${count} fichiers sont`} encore en cours de transfert. Quitter quand même ?`,
  quitButton: 'Quitter',
  cancel: 'Annuler',
  view: 'Affichage',
  openLogs: 'Ouvrir les journaux',
  cut: 'Couper',
  copy: 'Copier',
  paste: 'Coller',
  selectAll: 'Tout sélectionner',
};

const TABLES: Readonly<Record<MainLocale, MainStrings>> = { en, fr };

/** A BCP 47 tag ("fr-CA", "en_US") to the language main speaks, English when it has no table for it. */
export function mainLocaleOf(tag: string): MainLocale {
  const base = tag.toLowerCase().split(/[-_]/)[0];
  const parsed = appLocaleSchema.safeParse(base);
  return parsed.success ? parsed.data : 'en';
}

export function stringsFor(locale: MainLocale): MainStrings {
  return TABLES[locale];
}

/** The current language's strings; `changed` listeners rebuild what shows words (menus, the tray). */
export interface MainLanguage {
  strings(): MainStrings;
  locale(): MainLocale;
  set(locale: MainLocale): void;
  onChanged(listener: () => void): () => void;
}

/** Starts in the OS language; the renderer's choice replaces it once the page has loaded. */
export function createMainLanguage(osLocale: string): MainLanguage {
  let current = mainLocaleOf(osLocale);
  const listeners = new Set<() => void>();
  return {
    strings: () => TABLES[current],
    locale: () => current,
    set(locale) {
      if (locale === current) return;
      current = locale;
      for (const listener of listeners) listener();
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
