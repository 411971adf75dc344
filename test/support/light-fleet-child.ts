/**
 * One child process of a light fleet (light-fleet.ts): it plays a share of a room's light members
 * (light viewers and light senders) and answers its parent's commands over the fork IPC channel. A
 * room of 48 light members in one process starved it on a 2-core machine (a member missed the
 * server's ping and was dropped); split across processes, each has an event loop of its own.
 */
import type { FleetCommand, FleetReply, MemberSnapshot } from './light-fleet';
import { LightSender, type Vp8Frame } from './light-sender';
import { LightViewer } from './light-viewer';

const members = new Map<string, LightViewer>();
let clip: Vp8Frame[] = [];
let fps = 5;
let url = '';
/** Longest gap between two ticks of this process's event loop, since the last snapshot that asked. */
let longestStallMs = 0;
let lastTick = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  longestStallMs = Math.max(longestStallMs, now - lastTick - 100);
  lastTick = now;
}, 100);

function snapshotOf(member: LightViewer, verbose: boolean): MemberSnapshot {
  const received: MemberSnapshot['received'] = {};
  for (const track of member.tracks.values()) {
    const owner = member.peers.get(track.owner) ?? track.owner;
    const entry = (received[owner] ??= { videoTracks: 0, frames: 0, keyframes: 0, audioPackets: 0 });
    if (track.kind === 'audio') {
      entry.audioPackets += track.packets;
      continue;
    }
    entry.videoTracks += 1;
    entry.frames += track.frames;
    entry.keyframes += track.keyframes;
  }
  return {
    name: member.name,
    peers: member.peers.size,
    mode: member.mode,
    disconnected: member.disconnected,
    accepted: member instanceof LightSender ? member.accepted : null,
    framesSent: member instanceof LightSender ? member.framesSent : null,
    received,
    ...(verbose ? { description: member.describe() } : {}),
  };
}

function memberNamed(name: string): LightViewer {
  const member = members.get(name);
  if (!member) throw new Error(`no light member called ${name} in this process`);
  return member;
}

async function run(command: FleetCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'setup':
      url = command.url;
      fps = command.fps;
      clip = command.clip.map(({ data, keyframe }) => ({ data: Buffer.from(data, 'base64'), keyframe }));
      return null;
    case 'join': {
      const member =
        command.kind === 'sender'
          ? new LightSender(url, command.name, clip, fps)
          : new LightViewer(url, command.name);
      member.limitBandwidth(command.bps);
      members.set(command.name, member);
      await member.join(command.room);
      return null;
    }
    case 'publish': {
      const sender = memberNamed(command.name);
      if (!(sender instanceof LightSender)) throw new Error(`${command.name} is no sender`);
      await sender.publish();
      await sender.until(() => sender.accepted !== null, 'an answer from the unit', command.limitMs);
      return sender.accepted;
    }
    case 'snapshot': {
      const stallMs = longestStallMs;
      longestStallMs = 0;
      return {
        members: [...members.values()].map((member) => snapshotOf(member, command.verbose)),
        cpu: process.cpuUsage(),
        stallMs,
      };
    }
    case 'close':
      clearInterval(ticker);
      await Promise.all([...members.values()].map((member) => member.close()));
      members.clear();
      return null;
  }
}

process.on('message', (command: FleetCommand) => {
  run(command).then(
    (value) => process.send!({ id: command.id, ok: true, value } satisfies FleetReply),
    (error: unknown) =>
      process.send!({
        id: command.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies FleetReply),
  );
});
// The parent may die without a close: go with it rather than linger with open connections.
process.on('disconnect', () => process.exit(0));
