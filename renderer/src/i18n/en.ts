import { ISSUE_MESSAGES } from '../../../common/issues';
import { ERROR_MESSAGES } from '../../../common/result';
import { enDesktop } from './en-desktop';
import { enPeople } from './en-people';
import { enAnnotations } from './en-annotations';
import { enStats } from './en-stats';
import { enTrust } from './en-trust';
import { enUnit } from './en-unit';

/**
 * English: the source of truth for every sentence of the interface. Other locales are typed against
 * `MessageSchema`, so a missing or extra key fails the typecheck (and test/renderer/locales.test.ts).
 * The browser tests find elements by these words: change them and those tests with them.
 *
 * Message syntax is vue-i18n's: `{name}` is a parameter, `a | b` are plural forms (chosen by `t(key, n)`),
 * and `@`, `{`, `}`, `|` and `$` are special (write `{'@'}` for a literal one).
 */
export const en = {
  ...enDesktop,
  language: {
    label: 'Language',
  },
  join: {
    lead: 'Share your screen and talk with people on this network.',
    displayName: 'Display name',
    room: 'Room',
    join: 'Join',
    joining: 'Joining…',
    server: 'Server: {url}',
  },
  room: {
    inviteLink: 'Invite link',
    copyInvite: 'Copy invite link',
    inviteWithCode: 'Include the access code',
    inviteNeedsHosting:
      'To invite people on other computers, turn on "Host on this computer" on the home page: the link will use its network address.',
    inviteNeedsLanAddress:
      'This page was opened by an address only this computer can use. To invite others, open Nearcast by its network address (as the server printed it).',
    copied: 'Link copied.',
    copyByHand: 'Press Ctrl+C (⌘C on a Mac) to copy the selected link.',
    reconnecting: 'Connection to the server lost. Reconnecting…',
    pinFailures:
      'Someone gave a wrong PIN for this room. | {n} wrong PINs were given for this room. Someone may be guessing it.',
    dismiss: 'Dismiss',
    backToCall: 'Back to the call',
    sharedScreens: 'Shared screens',
    participants: 'Participants',
    ownScreen: 'Your shared screen',
    ownScreenCaption: 'You are sharing',
    screenOf: 'Screen shared by {name}',
    screenCaption: "{name}'s screen",
    ownCamera: 'Your camera ({name})',
    ownCaption: '{name} (you)',
    you: 'You',
    cameraOf: 'Camera of {name}',
    detailsFor: 'Connection details for {name}',
    alone: 'Nobody else is here yet. Send them the invite link.',
    sidePanel: 'Chat and files',
  },
  leave: {
    title: 'Leave the room?',
    transfers: '{n} file transfer will stop. | {n} file transfers will stop.',
    confirm: 'Leave',
    stay: 'Stay',
  },
  controls: {
    label: 'Call controls',
    mute: 'Mute',
    unmute: 'Unmute',
    /** Through the forwarding unit, between the click and the unit taking the microphone. */
    unmuting: 'Connecting your microphone… (still muted)',
    /** Through the forwarding unit, between the click and the unit taking the camera. */
    cameraStarting: 'Starting your camera… (still off)',
    cameraOff: 'Camera off',
    cameraOn: 'Camera on',
    share: 'Share screen',
    stopSharing: 'Stop sharing',
    shareOptions: 'Share options',
    changeSource: 'Share another window or screen',
    quality: 'Share quality',
    withShortcut: '{action} ({keys})',
    codec: 'Screen codec',
    codecAuto: 'Auto ({codec})',
    codecAutoUnknown: 'Auto',
    auto: 'Auto ({mode})',
    autoMotion: 'now motion',
    autoText: 'now text',
    text: 'Text: sharp, up to 15 fps',
    motion: 'Motion: smooth, up to 60 fps',
    chat: 'Chat',
    chatUnread: 'Chat ({n} unread)',
    closeChat: 'Close chat',
    withNewFiles: '{label}, {files}',
    newFiles: '{n} new file | {n} new files',
    leave: 'Leave',
  },
  chat: {
    title: 'Chat',
    you: 'You',
    message: 'Message',
    placeholder: 'Message everyone',
    send: 'Send',
    nobody: 'Nobody else was here',
    delivered: 'Delivered to {names}',
    sending: 'Sending to {names}',
  },
  files: {
    title: 'Files',
    unseen: '{n} new file in the chat panel | {n} new files in the chat panel',
    sendTo: 'Send to',
    everyone: 'Everyone',
    choose: 'Send files…',
    input: 'Files to send',
    drop: 'or drop files here',
    nobody: 'Nobody is here to send files to yet.',
    tooMany: 'Send at most {max} files at once: put more of them in one archive (zip) first.',
    maxReceive: 'Largest file you accept (MB)',
  },
  transfer: {
    state: {
      offered: 'Waiting for an answer',
      queued: 'Queued',
      transferring: 'Transferring',
      interrupted: 'Connection lost — will resume when they are back',
      verifying: 'Checking integrity',
      done: 'Verified (SHA-256)',
      declined: 'Declined',
      refused: 'Refused',
      cancelled: 'Cancelled',
      failed: 'Failed',
    },
    wantsToSend: '{name} wants to send you this file',
    receiving: 'Receiving {file}',
    sending: 'Sending {file}',
    from: 'from {name}',
    to: 'to {name}',
    progress: 'Progress of {file}',
    rate: '{size}/s',
    secondsLeft: '{n} s left',
    minutesLeft: '{n} min left',
    savedTo: 'Saved to {path}',
    accept: 'Accept',
    decline: 'Decline',
    cancel: 'Cancel',
    save: 'Save {file}',
    show: 'Show in folder',
  },
  size: {
    B: '{n} B',
    KB: '{n} KB',
    MB: '{n} MB',
    GB: '{n} GB',
    TB: '{n} TB',
  },
  stats: enStats,
  tile: {
    sharing: 'Sharing',
    muted: 'Muted',
    cameraOff: 'Camera off',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost, reconnecting…',
    failed: 'Could not connect',
    details: 'Details',
    sound: 'Turn on sound',
    loadingScreen: 'Loading the screen…',
  },
  media: {
    device: {
      camera: 'camera',
      microphone: 'microphone',
      screen: 'screen capture',
    },
    insecure:
      'This address is not secure, so the browser does not allow the {device}. You can still see and hear the others. Use an https:// address or localhost to send your own.',
    refused: 'Access to the {device} was refused. Allow it in the browser or system settings and try again.',
    notFound: 'No {device} was found.',
    inUse: 'The {device} is in use by another application or could not be started.',
    failed: 'The {device} could not be started.',
    blocked: {
      why: 'This page was opened at an address that is not secure (http://), so the browser does not let it use your camera, microphone or screen. You can still see and hear everyone, chat and receive files.',
      open: 'To send your own, open the secure address:',
      elsewhere:
        'To send your own, join from a secure (https://) address of this server, or from the Nearcast app.',
      control: 'Needs a secure (https://) address',
    },
  },
  home: {
    you: 'You',
    status: 'Status',
    available: 'Available',
    busy: 'Busy (calls go to missed calls)',
    save: 'Save',
    saved: 'Saved.',
    rooms: 'Rooms',
    roomsLead: 'Create a room or join one by its name. A PIN keeps others out.',
    pin: 'PIN (optional)',
  },
  notice: {
    dismiss: 'Dismiss',
    signalingDropped: 'The connection to the server dropped, so the call ended.',
    rejoinRefused: 'The connection to the server dropped and the room did not let you back in. {reason}',
    removed: 'The host of the room removed you from it.',
    declinedBy: '{name} declined the call.',
    busy: '{name} is busy — your call is in their missed calls.',
    ended: {
      timeout: 'Nobody answered.',
      declined: 'The call was declined.',
      cancelled: 'The call was cancelled.',
      'hung-up': 'The call ended: everyone else hung up.',
      unreachable: 'The person you called is no longer connected.',
    },
  },
  server: {
    title: 'Server',
    connected: 'Connected to {url}',
    connecting: 'Connecting to {url}…',
    unreachable: 'Cannot reach {url}. Is it running?',
    replaced: 'Nearcast is open in another window or tab on this device; this one is disconnected.',
    accessCode: 'Workspace access code',
    submitCode: 'Connect',
    change: 'Another server',
    address: 'Server address',
    addressHint: 'For example 192.168.1.20:4780',
    connect: 'Connect to this server',
    useOwn: "Use this computer's server",
    connectTo: 'Connect to {name}',
  },
  contacts: {
    title: 'People on this network',
    none: 'Nobody else is connected to this server yet.',
    needName: 'Enter your name above so people can see and call you.',
    status: {
      available: 'Available',
      busy: 'Busy',
      'in-call': 'In a call',
    },
    call: 'Call',
    callName: 'Call {name}',
    select: 'Select {name}',
    callSelected: 'Call selected ({n}) | Call selected ({n})',
  },
  missed: {
    title: 'Missed calls',
    at: '{name} at {time}',
    callBack: 'Call back',
    callBackName: 'Call {name} back',
    clear: 'Clear missed calls',
  },
  incoming: {
    title: 'Incoming call',
    calling: '{name} is calling',
    tabTitle: '{calling} — {app}',
    notifyLead: 'Hear about calls while this tab is in the background.',
    notifyAsk: 'Turn on call notifications',
    accept: 'Accept',
    decline: 'Decline',
    more: '{n} more call waiting | {n} more calls waiting',
  },
  call: {
    title: 'Call with {names}',
    titleAlone: 'Call',
    ringing: 'Ringing {names}…',
    cancel: 'Cancel call',
    declined: '{name} declined.',
    busy: '{name} is busy.',
    addPeople: 'Add people',
    addTitle: 'Add people to the call',
    invite: 'Ring',
    inviteName: 'Ring {name}',
    nobodyToAdd: 'Nobody else is available right now.',
    close: 'Close',
  },
  prejoin: {
    title: 'Ready to join {room}?',
    preview: 'Your camera',
    cameraIsOff: 'Your camera is off',
    microphone: 'Microphone on',
    camera: 'Camera on',
    level: 'Microphone level',
    join: 'Join now',
    cancel: 'Cancel',
  },
  devices: {
    title: 'Devices',
    open: 'Devices',
    microphone: 'Microphone',
    camera: 'Camera',
    speaker: 'Speaker',
    systemDefault: 'System default',
    noSpeakerChoice: 'This browser plays sound on the system speaker only.',
    close: 'Close devices',
  },
  layout: {
    pinShort: 'Pin',
    unpinShort: 'Unpin',
    pin: 'Pin {name}',
    unpin: 'Unpin {name}',
    fullScreen: 'Full screen',
    exitFullScreen: 'Exit full screen',
    speaking: 'Speaking',
    speakerView: 'Speaker view',
    others: 'Other participants',
    selfView: 'Your video',
    moveSelf: 'Move your video to another corner',
    moveSelfShort: 'Move',
  },
  ice: {
    'no-local-candidates':
      'This computer offered no network address for the call. Check that it is connected to the network (Wi-Fi or Ethernet).',
    'no-remote-candidates':
      'The other computer sent no network address. Its network connection or browser settings may block calls.',
    'mdns-unresolved':
      'The other computer hides its address behind a .local name that this computer cannot look up (multicast DNS is blocked on this network). Allowing mDNS, or a relay (TURN) on the server, fixes it.',
    'relay-unreachable':
      'The relay (TURN) server configured on the signaling server cannot be reached. Check its address and that it is running.',
    'different-subnets':
      'The two computers are on different subnets with no route between them. Connect them to the same network, or ask for a relay (TURN) on the server.',
    'relay-needed':
      'Both computers have addresses, but a firewall blocks the connection between them. A relay (TURN) server on the signaling server would carry the call.',
    blocked: 'The connection is blocked, even through the relay. Check the firewalls on both computers.',
  },
  /** Why a transfer stopped (rtc/transfers/model.ts TransferProblem). */
  transferProblem: {
    declined: '{name} declined.',
    tooLargeThere: '{name} does not accept files this large.',
    cancelledBy: '{name} cancelled.',
    senderLeft: '{name} left, so the offer is withdrawn. It comes back if they return.',
    damagedThere: "The file arrived damaged at {name}'s end.",
    tooLargeHere: 'Refused: {size} is more than your limit of {limit}.',
    damaged: 'The file arrived damaged (its checksum does not match) and was discarded.',
    timedOut: 'The connection did not come back in time.',
    unreadable: 'The file could not be read. Was it moved or deleted?',
    cannotSave: 'The file cannot be saved.',
    writeFailed: 'The file could not be written.',
    detail: '{problem} ({detail})',
  },
  /** Problems only the renderer notices, as `{ words: 'problems.…' }` (i18n/problem.ts). */
  problems: {
    notInRoom: 'You are not in a room.',
    serverUnreachable: 'Cannot reach the server at {url}. Is it running?',
    joinFailed: 'Could not join the room.',
    nameFirst: 'Enter your name first: the people you call see it.',
  },
  /**
   * Why an input was refused, by issue key (`issues.displayName.tooLong`): in English the server's own
   * wording (common/issues.ts), so there is one source; a test checks vue-i18n renders each unchanged.
   */
  trust: enTrust,
  unit: enUnit,
  people: enPeople,
  annotations: enAnnotations,
  issues: ISSUE_MESSAGES,
  /**
   * One sentence per ErrorCode: in English the server's own wording (common/result.ts), so there is one
   * source; a test checks vue-i18n renders each unchanged (no message-syntax character in them).
   */
  errors: ERROR_MESSAGES,
};

export type MessageSchema = typeof en;

/** Every message's dotted key (`files.nobody`), for values that name a message instead of holding words. */
export type MessageKey = KeysOf<MessageSchema>;
type KeysOf<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeysOf<T[K]>}`;
}[keyof T & string];
