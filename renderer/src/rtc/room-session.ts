/**
 * What lives as long as our presence in a room, across mesh rebuilds: who is who (client ids), the
 * chat and the file transfers. Each new Mesh is attached; its channels feed the engines.
 */
import type { ControlMessage } from '../../../common/peer-protocol';
import { ChatEngine } from './chat';
import { DEFAULT_MAX_MESSAGE_SIZE } from './link-channels';
import type { Mesh } from './mesh';
import { PeerIdentities, type PeerPort } from './peer-port';
import { TransferEngine, type TransferOptions } from './transfers/engine';
import { createLogger } from '../log';

const log = createLogger('rtc:identity');

export interface RoomSessionOptions {
  clientId: string;
  selfName: () => string;
  peers: PeerPort['peers'];
  maxReceiveBytes: TransferOptions['maxReceiveBytes'];
  openSink: TransferOptions['openSink'];
}

export class RoomSession {
  readonly identities: PeerIdentities;
  readonly chat: ChatEngine;
  readonly transfers: TransferEngine;
  private mesh: Mesh | null = null;
  private detach: (() => void)[] = [];

  constructor(private readonly options: RoomSessionOptions) {
    this.identities = new PeerIdentities(options.clientId);
    const port: PeerPort = {
      send: (peerId, message) => this.mesh?.sendControl(peerId, message) ?? false,
      peers: options.peers,
      openFileChannel: (peerId, id) => this.mesh?.link(peerId)?.channels.openFileChannel(id) ?? null,
      maxMessageSize: (peerId) =>
        this.mesh?.link(peerId)?.channels.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    };
    this.chat = new ChatEngine({ port, identities: this.identities, selfName: options.selfName });
    this.transfers = new TransferEngine({
      port,
      identities: this.identities,
      maxReceiveBytes: options.maxReceiveBytes,
      openSink: options.openSink,
    });
  }

  /** Feeds a (new) mesh's channel events to chat and transfers; the old mesh's links are gone. */
  attach(mesh: Mesh): void {
    this.detach.forEach((off) => off());
    this.identities.forgetLinks();
    this.mesh = mesh;
    this.detach = [
      mesh.on('control-open', ({ peerId }) => {
        mesh.sendControl(peerId, {
          t: 'hello',
          clientId: this.options.clientId,
          name: this.options.selfName(),
        });
      }),
      mesh.on('message', ({ peerId, message }) => this.route(peerId, message)),
      mesh.on('file-channel', ({ peerId, transferId, channel }) =>
        this.transfers.attachChannel(peerId, transferId, channel),
      ),
      mesh.on('peer-removed', ({ peerId }) => {
        this.transfers.peerRemoved(peerId);
        this.identities.forgetPeer(peerId);
      }),
    ];
  }

  dispose(): void {
    this.detach.forEach((off) => off());
    this.detach = [];
    this.mesh = null;
    this.transfers.dispose();
  }

  private route(peerId: string, message: ControlMessage): void {
    if (message.t === 'hello') {
      // The hello's name is not used: names shown are the ones the server stamped for each peer.
      if (!this.identities.learn(peerId, message.clientId)) {
        log.warn('a peer claimed an identity another link holds; it stays keyed by its peer id', peerId);
        return;
      }
      this.chat.peerIdentified(peerId, message.clientId);
      this.transfers.peerIdentified(peerId, message.clientId);
      return;
    }
    if (message.t === 'chat' || message.t === 'chat-ack') this.chat.handle(peerId, message);
    else this.transfers.handle(peerId, message);
  }
}
