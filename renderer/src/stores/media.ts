/**
 * Local camera, microphone and screen share, as the UI sees them. The LocalMedia engine object does
 * the work; this store mirrors its state reactively and keeps failures for the UI to put in words.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch } from 'vue';
import type { MessageKey } from '../i18n/en';
import type { Problem } from '../i18n/problem';
import { emptyDeviceLists, groupDevices, type DeviceKind, type DeviceLists } from '../rtc/devices';
import { describeMediaError, LocalMedia } from '../rtc/local-tracks';
import type { ScreenCodec, ScreenMode, SharePreset } from '../rtc/quality';
import type { AskKind } from '../rtc/unit-answer';
import { injectServices } from '../services';
import { SCREEN_CODEC } from '../services/storage';
import type { CaptureOptions } from '../../../common/ipc';
import { useSettingsStore } from './settings';

/**
 * Screen capture settings: full resolution, frame rate suited to documents and code. Shared audio
 * (a video's sound, system audio) must not be processed like a voice.
 */
export function screenCaptureOptions(audio: boolean): DisplayMediaStreamOptions {
  return {
    video: { frameRate: { ideal: 30, max: 30 } },
    audio: audio ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false } : false,
  };
}

/**
 * How the forwarding unit answered an ask, as the user is told: taken (send now), refused (every place
 * is taken: the room says so), or not answered, with why: `no-answer` (the unit was silent),
 * `offline` (the connection to the server is down), `interrupted` (the connection to the unit went).
 */
export type GateAnswer = 'taken' | 'refused' | 'no-answer' | 'offline' | 'interrupted';

/** While the room's media goes through the forwarding unit: an unmute or camera-on asks it first. */
export interface SendGate {
  ask(kind: AskKind): Promise<GateAnswer>;
  /** A taken camera could not be opened after all: its place goes back. */
  giveBack(kind: AskKind): void;
}

/** What the user is told when an ask got no answer: still muted (still off), and why. */
const NOT_SENT: Record<AskKind, Record<'no-answer' | 'offline' | 'interrupted', MessageKey>> = {
  microphone: {
    'no-answer': 'unit.notSent.microphone.noAnswer',
    offline: 'unit.notSent.microphone.offline',
    interrupted: 'unit.notSent.microphone.interrupted',
  },
  camera: {
    'no-answer': 'unit.notSent.camera.noAnswer',
    offline: 'unit.notSent.camera.offline',
    interrupted: 'unit.notSent.camera.interrupted',
  },
};

export const useMediaStore = defineStore('media', () => {
  const { platform, storage } = injectServices();
  const settings = useSettingsStore();
  const engine = shallowRef<LocalMedia | null>(null);
  const cameraStream = shallowRef<MediaStream | null>(null);
  const screenStream = shallowRef<MediaStream | null>(null);
  const micMuted = ref(false);
  const cameraOff = ref(false);
  const hasMicrophone = ref(false);
  /**
   * An unmute waiting for the forwarding unit to take our microphone: the button says "connecting"
   * and the microphone stays muted until it is sent, so no word is shown as heard that is not.
   */
  const unmuting = ref(false);
  /** The same for a camera turned on: it is opened (its light comes on) only once the unit took it. */
  const cameraStarting = ref(false);
  /** Set while the room's media goes through the forwarding unit: sending asks it for a place first. */
  let sendGate: SendGate | null = null;
  const sharing = ref(false);
  const busy = ref(false);
  /** False on a page with no secure context (a LAN guest over http): nothing can be captured there. */
  const captureAllowed = ref(platform.media.captureAllowed);
  /** The screen-share quality the user chose, and what the encoders are told (rtc/screen-quality.ts). */
  const sharePreset = ref<SharePreset>('auto');
  const screenMode = ref<ScreenMode>('text');
  /** The codec screens are sent with ("auto": the measured best), remembered for the next shares. */
  const shareCodec = ref<ScreenCodec>(storage.local.read(SCREEN_CODEC));
  watch(shareCodec, (codec) => storage.local.write(SCREEN_CODEC, codec));
  /** Devices that could not be used, or why sharing failed; shown (translated) until dismissed. */
  const problems = ref<Problem[]>([]);
  const devices = ref<DeviceLists>(emptyDeviceLists());
  /** The chosen device of each kind ('' for the system default), remembered across calls. */
  const chosen = ref<Record<DeviceKind, string>>({ ...settings.devices });
  let stopWatching: (() => void) | null = null;

  function sync(media: LocalMedia): void {
    cameraStream.value = media.cameraStream;
    screenStream.value = media.screenStream;
    micMuted.value = media.micMuted;
    cameraOff.value = media.cameraOff;
    hasMicrophone.value = media.audioTrack !== null;
    sharing.value = media.screenStream !== null;
    chosen.value = {
      ...chosen.value,
      audioinput: media.deviceInUse('audio') ?? chosen.value.audioinput,
      videoinput: media.deviceInUse('video') ?? chosen.value.videoinput,
    };
  }

  /** Re-reads the device lists (labels appear once a device has been granted). */
  async function refreshDevices(): Promise<void> {
    devices.value = groupDevices(await platform.media.enumerateDevices());
  }

  /**
   * Switches microphone or camera during a call (replaceTrack, the call goes on) or picks the speaker
   * remote sound plays on (setSinkId, applied by each tile). The choice is remembered.
   */
  async function chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const previous = chosen.value[kind];
    chosen.value = { ...chosen.value, [kind]: deviceId };
    const media = engine.value;
    if (kind !== 'audiooutput' && media) {
      const problem = await media.useDevice(kind === 'audioinput' ? 'audio' : 'video', deviceId);
      if (problem) {
        chosen.value = { ...chosen.value, [kind]: previous };
        problems.value = [...problems.value, problem];
        return;
      }
    }
    settings.setDevice(kind, deviceId);
  }

  /**
   * Opens camera and microphone (once) and returns the engine object the mesh sends from; `options`
   * come in muted or with the camera off (it is then not opened at all).
   */
  async function start(options: { microphone?: boolean; camera?: boolean } = {}): Promise<LocalMedia> {
    const running = engine.value;
    if (running) {
      // Already open (the pre-join screen): what was asked still holds.
      if (options.microphone === false) running.setMicMuted(true);
      if (options.camera === false && !running.cameraOff) await running.setCameraOff(true);
      sync(running);
      return running;
    }
    const preferred = {
      audio: chosen.value.audioinput || undefined,
      video: chosen.value.videoinput || undefined,
    };
    const media = markRaw(new LocalMedia({ getUserMedia: (c) => platform.media.getUserMedia(c) }, preferred));
    media.on('changed', () => sync(media));
    engine.value = media;
    // Where capture is blocked there is nothing to ask for: the room explains that once, instead of
    // one failure per device.
    if (captureAllowed.value) problems.value = await media.start({ camera: options.camera !== false });
    if (options.microphone === false) media.setMicMuted(true);
    sync(media);
    stopWatching ??= platform.media.onDeviceChange(() => void refreshDevices());
    await refreshDevices();
    return media;
  }

  /**
   * Mutes at once. Unmutes at once in a mesh; through the forwarding unit, once the unit takes the
   * microphone (a refusal leaves it muted, and the room says why).
   */
  async function toggleMute(): Promise<void> {
    const media = engine.value;
    if (!media || unmuting.value) return;
    const gate = sendGate;
    if (!media.micMuted || !gate) {
      media.setMicMuted(!media.micMuted);
      return;
    }
    unmuting.value = true;
    try {
      const answer = await ask(gate, 'microphone');
      if (answer === 'taken' && engine.value === media) media.setMicMuted(false);
    } finally {
      unmuting.value = false;
    }
  }

  /** The room sets it while forwarded (rtc/unit-publish.ts `askToSend`), and clears it after. */
  function gateSending(gate: SendGate | null): void {
    sendGate = gate;
  }

  /**
   * Asks the unit for `kind`; an ask it did not answer is said (a refusal is, by the room). What an
   * earlier such ask said goes first: it no longer holds. Nothing is said once the room is left.
   */
  async function ask(gate: SendGate, kind: AskKind): Promise<GateAnswer> {
    const words = Object.values(NOT_SENT[kind]);
    problems.value = problems.value.filter(
      (problem) => !('words' in problem && words.includes(problem.words)),
    );
    const media = engine.value;
    const answer = await gate.ask(kind);
    if (answer !== 'taken' && answer !== 'refused' && engine.value === media && media) {
      problems.value = [...problems.value, { words: NOT_SENT[kind][answer] }];
    }
    return answer;
  }

  async function toggleCamera(): Promise<void> {
    const media = engine.value;
    if (!media || busy.value || !captureAllowed.value) return;
    busy.value = true;
    try {
      const gate = sendGate;
      if (media.cameraOff && gate) await startCameraAsked(media, gate);
      else {
        const problem = await media.setCameraOff(!media.cameraOff);
        if (problem) problems.value = [...problems.value, problem];
      }
    } finally {
      busy.value = false;
    }
  }

  /** Camera on through the forwarding unit: opened once the unit took it, so it is never lit in vain. */
  async function startCameraAsked(media: LocalMedia, gate: SendGate): Promise<void> {
    cameraStarting.value = true;
    try {
      if ((await ask(gate, 'camera')) !== 'taken' || engine.value !== media) return;
      const problem = await media.setCameraOff(false);
      if (!problem) return;
      gate.giveBack('camera');
      problems.value = [...problems.value, problem];
    } finally {
      cameraStarting.value = false;
    }
  }

  /**
   * Starts a screen share. In the desktop app the user has already picked `sourceId` in our picker and
   * main grants exactly that source; in a browser the browser's own picker appears.
   */
  async function startShare(
    sourceId?: string,
    options: CaptureOptions = { systemAudio: false },
  ): Promise<boolean> {
    const media = engine.value;
    if (!media || !captureAllowed.value) return false;
    try {
      if (platform.desktop && sourceId) {
        const picked = await platform.capture.grant(sourceId, options);
        if (!picked.ok) {
          problems.value = [...problems.value, picked.error];
          return false;
        }
      }
      // In a browser its own picker offers "share audio"; in the app only when the user ticked it.
      const audio = platform.desktop ? options.systemAudio : true;
      media.startScreenShare(await platform.media.getDisplayMedia(screenCaptureOptions(audio)));
      return true;
    } catch (error) {
      // Closing the browser's picker without choosing is a choice, not a failure.
      const dismissed = error instanceof DOMException && error.name === 'NotAllowedError';
      if (dismissed && !platform.desktop) return false;
      problems.value = [...problems.value, describeMediaError(error, 'screen')];
      return false;
    }
  }

  function stopShare(): void {
    engine.value?.stopScreenShare();
  }

  function dismissProblem(index: number): void {
    problems.value = problems.value.filter((_, i) => i !== index);
  }

  /** Releases every device; the next call starts fresh. */
  function stopAll(): void {
    engine.value?.stopAll();
    engine.value = null;
    stopWatching?.();
    stopWatching = null;
    cameraStream.value = null;
    screenStream.value = null;
    sharing.value = false;
  }

  return {
    engine,
    cameraStream,
    screenStream,
    micMuted,
    cameraOff,
    hasMicrophone,
    unmuting,
    cameraStarting,
    sharing,
    busy,
    captureAllowed,
    problems,
    devices,
    chosen,
    sharePreset,
    shareCodec,
    screenMode,
    start,
    toggleMute,
    gateSending,
    toggleCamera,
    startShare,
    stopShare,
    dismissProblem,
    refreshDevices,
    chooseDevice,
    stopAll,
  };
});
