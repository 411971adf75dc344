/**
 * English words of forwarding mode: the room's media passes through the forwarding unit (SFU) on the
 * server, which says so, shows the unit's code to compare with the host's screen, and explains what a
 * person's own code still verifies. The browser tests find the badge and dialog by these words.
 */
export const enUnit = {
  badge: 'Through the forwarding unit',
  badgeLabel: 'Media in this room passes through the forwarding unit',
  explain:
    "This room is large: everyone's camera, sound and screen go to the forwarding unit on the host's server, which passes them on to everyone. Chat and files still go straight between people.",
  compare: 'Compare code with the host',
  details: 'Unit connections',
  hideDetails: 'Hide unit connections',
  publishName: 'the forwarding unit (sending)',
  subscribeName: 'the forwarding unit (receiving)',
  state: {
    connecting: 'Connecting to the forwarding unit…',
    connected: 'Connected to the forwarding unit',
    reconnecting: 'Reconnecting to the forwarding unit…',
    failed: 'The connection to the forwarding unit failed',
    closed: 'Not connected to the forwarding unit',
  },
  dialog: {
    title: "Compare the forwarding unit's code with the host",
    lead: "Media in this room goes through the forwarding unit, not straight to each person. Ask the host to read the code their screen shows for the forwarding unit (the desktop app's hosting panel, or what the server printed when it started). If it is the same, your media goes to the host's unit and nobody is in between.",
    notPerson: 'This code verifies the forwarding unit, not a person.',
    code: 'Forwarding unit code',
    codeLabel: 'Forwarding unit code: {code}',
    noCode: 'The code appears once the connection to the forwarding unit is up.',
    close: 'Close',
  },
  /** In a person's code dialog: their code no longer covers their media. */
  personLead:
    'Media in this room goes through the forwarding unit: the code below verifies your chat and files with {name}, not their camera, sound or screen. Media is verified against the unit (“Compare code with the host”). If {name} sees the same code, nobody is in between your chat and files.',
  /** Said when the unit refused an unmute, a camera or a share; the browser tests find it by its words. */
  refused:
    'This room already has one person sending video or sound, as many as the forwarding unit takes: you stay muted, with your camera and share off. You can send when they stop. You still see and hear them, and chat and files work. | This room already has {n} people sending video or sound, as many as the forwarding unit takes: you stay muted, with your camera and share off. You can send when one of them stops. You still see and hear them, and chat and files work.',
  /** After a refusal, someone who was sending stopped: the user may try again. */
  placeFreed:
    'Someone stopped sending: there may be a place for you now. Unmute, turn your camera on or share your screen to try again.',
  /**
   * Some people's chat links do not connect (a Wi-Fi that keeps its clients apart, a firewall): said
   * once for all of them, since their media still comes through the unit. {who} is `who.*` below.
   */
  chatUnreachable:
    'Chat and files cannot reach {who}: this computer cannot connect to theirs directly on this network. Their camera, sound and screen still come through the forwarding unit.',
  who: {
    two: '{first} and {last}',
    three: '{first}, {second} and {last}',
    more: '{names} and one other | {names} and {n} others',
  },
  /**
   * An unmute or a camera turned on that the unit did not answer (a refusal is `refused`), with why:
   * said until the user tries again.
   */
  notSent: {
    microphone: {
      noAnswer:
        'Your microphone could not be connected: the forwarding unit did not answer. You are still muted. Try unmuting again.',
      offline:
        'Your microphone could not be connected: the connection to the server is down. You are still muted. Try again once it is back.',
      interrupted:
        'Your microphone could not be connected: the connection to the forwarding unit was interrupted. You are still muted. Try unmuting again.',
    },
    camera: {
      noAnswer:
        'Your camera could not be started: the forwarding unit did not answer. Your camera is still off. Try turning it on again.',
      offline:
        'Your camera could not be started: the connection to the server is down. Your camera is still off. Try again once it is back.',
      interrupted:
        'Your camera could not be started: the connection to the forwarding unit was interrupted. Your camera is still off. Try turning it on again.',
    },
  },
  present: 'Present to a large room',
  presentHint:
    'Media goes through the server’s forwarding unit from the start: your screen is sent once, however many people watch. Only for a room you create.',
};
