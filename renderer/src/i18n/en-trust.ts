/**
 * English words of trust: how far each person in a room is trusted, the security code comparison,
 * the key-change warning and the verified contacts. The browser tests and other tools find the
 * badges by these words ("Verified", "Not verified"…): change them and those tests with them.
 */
export const enTrust = {
  standing: {
    verified: 'Verified',
    unverified: 'Not verified',
    guest: 'Unverified guest',
    'key-changed': 'Key changed',
    refused: 'Identity check failed',
  },
  explain: {
    verified: 'You compared the security code with {name} and marked this device as verified.',
    unverified: "{name}'s device proved its key, but you have not compared the security code yet.",
    guest:
      '{name} has no device key (a browser on plain http): who they are cannot be verified. They never receive what was meant for a verified contact.',
    'key-changed': '{name} is not the {name} you verified: their device key changed (or they have none).',
    refused: "{name}'s connection could not prove who they are. Nothing is sent to them.",
  },
  compare: 'Compare code',
  compareWith: 'Compare code with {name}',
  dialog: {
    title: 'Compare security code with {name}',
    lead: 'Read this code to {name} aloud, or look at both screens side by side. {name} sees a code too: if they are the same, your connection goes straight to them and nobody is in between.',
    code: 'Security code',
    codeLabel: 'Security code with {name}: {code}',
    noCode: 'The code appears once the connection to {name} is up.',
    verified: 'You verified {name} on this device.',
    match: 'They match — mark as verified',
    mismatch: "They don't match",
    close: 'Close',
    guest:
      '{name} is an unverified guest: their browser has no device key (it opened Nearcast over plain http), so there is nothing to verify. They never receive what was meant for a verified contact. To verify them, they can use the desktop app or a secure address.',
    refused:
      "{name}'s connection could not prove who they are: they cannot be marked as verified. Nothing is sent to them.",
    direct:
      '{name} sees a code too: if it is not the same, your connection does not go straight to them — someone is in between.',
    pending: "{name}'s identity is still being checked.",
  },
  held: "You said the codes don't match: nothing more is sent to {name}.",
  undo: 'Undo',
  undoFor: 'Undo: send to {name} again',
  keyChanged: {
    alert:
      '{name} is not the {name} you verified: their device key changed (or they have none). Nothing has been sent to them.',
    compare: 'Compare security code',
    continue: 'Continue without verifying',
  },
  delivery: {
    keyChanged: 'Waiting — key changed: {names}',
    held: "Held — codes don't match: {names}",
  },
  contacts: {
    title: 'Verified contacts',
    lead: 'Their device keys are kept on this device. If someone shows up under one of these names with another key, you are warned before anything is sent to them.',
    forget: 'Forget',
    forgetName: 'Forget {name}',
  },
};
