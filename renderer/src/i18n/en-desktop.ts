/**
 * English words of the desktop app's own parts: its settings, hosting for the LAN (the lobby, the
 * server-switch offer), the hosts found on the LAN, the screen and window picker, and updates. Spread
 * into `en` at the top level, so keys keep their paths (`hosting.start`).
 */
export const enDesktop = {
  desktopSettings: {
    title: 'Desktop app',
    closeToTray: 'Closing the window keeps Nearcast running',
    openAtLogin: 'Start Nearcast when I log in',
    openAtLoginUnsupported:
      'This system does not let Nearcast start itself at login: add it to your desktop’s startup applications.',
    muteShortcut: 'Mute shortcut (during calls, from any app)',
    changeShortcut: 'Mute shortcut: {shortcut}. Press to change',
    pressKeys: 'Press the new keys…',
    shortcutHint: 'Hold Ctrl, Alt or Shift with a letter, digit or arrow key; Escape keeps the current one.',
    shortcutTaken: '{shortcut} is taken by another app or not allowed here. Choose another.',
    shortcutInvalid:
      '{shortcut} cannot be a shortcut: add Ctrl, Alt or Shift to a letter, digit or arrow key.',
  },
  hosting: {
    title: 'Host on this network',
    noAddress: 'Hosting, but this computer has no network address. Connect to Wi-Fi or Ethernet.',
    open: 'People on your network can open:',
    qr: 'QR code for {url}',
    stop: 'Stop hosting',
    port: 'Port (optional)',
    portPlaceholder: 'any free port',
    start: 'Host on this computer',
    badPort: 'Enter a port between 1024 and 65535, or leave it empty.',
    fingerprint: 'Certificate fingerprint (SHA-256)',
    fingerprintHint:
      "Guests' browsers warn about this certificate: they should continue only if the fingerprint it shows is this one.",
    unitCode: 'Forwarding unit code',
    unitCodeHint:
      'In a large room, media goes through this computer instead of person to person; guests check that the code their app shows for the forwarding unit is this one.',
    accessCode: 'Access code',
    accessCodeHint: 'The QR code and invite links carry it; give it to people who type the address.',
    newCode: 'New access code',
    whoMayJoin: 'Who may join',
    requireCode: 'Guests need the access code',
    approval: 'Ask me before letting each guest in',
  },
  serverOffer: {
    title: 'Open this link on another server?',
    text: 'The link opens room “{room}” on the server at {server}. Moving there leaves the server you use now.',
    switch: 'Move to that server',
    stay: 'Stay here',
  },
  guests: {
    title: '{name} wants to join',
    from: 'From {address} on your network',
    more: '{n} more person waiting | {n} more people waiting',
    allow: 'Allow',
    deny: 'Deny',
  },
  lanHosts: {
    title: 'Hosts on this network',
    none: 'No other Nearcast host found yet.',
    accessCode: 'Access code required',
  },
  picker: {
    title: 'Choose what to share',
    needPermission: 'Nearcast needs the Screen Recording permission to share your screen.',
    openSettings: 'Open Screen Recording settings',
    restricted: 'Screen recording is blocked on this Mac by its administrator.',
    wayland: 'Your desktop shows its own dialog next, where you choose the screen or window.',
    loading: 'Looking for screens and windows…',
    empty: 'No screen or window can be shared right now.',
    share: 'Share {name}',
    systemAudio: 'Share system audio',
    cancel: 'Cancel',
  },
  updates: {
    section: 'Updates',
    check: 'Check for updates',
    title: 'Update',
    available: 'Nearcast {version} is available from {from}.',
    download: 'Download',
    later: 'Later',
    downloading: 'Downloading Nearcast {version}…',
    progress: 'Download of Nearcast {version}',
    downloaded: 'Nearcast {version} is ready to install.',
    restart: 'Restart to update',
    afterCall: 'Restart after your call: restarting now would end it.',
    checking: 'Looking for updates…',
    upToDate: 'You have the latest version of Nearcast.',
    noSource:
      'No server on your network offers updates. Whoever runs your Nearcast server can add them (its --updates option).',
    unsupported:
      'This copy of Nearcast cannot update itself (a development build, or built without the publisher’s update key).',
    notSigned:
      'An update was offered on your network that is not signed by Nearcast’s publisher. It was refused: nothing was downloaded.',
    checkFailed: 'Could not check for updates. Try again later.',
    downloadFailed: 'The download of Nearcast {version} failed.',
    retry: 'Try again',
    close: 'Close',
  },
};
