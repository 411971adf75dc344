/**
 * Chat over the control channels of the mesh. Every message has an id: the sender keeps it queued for
 * each recipient until that recipient acknowledges it, and the receiver shows each id once, so a
 * message is delivered exactly once even across reconnects.
 */
import { randomId } from './random-id';
import { type Issue, issueOf } from '../../../common/issues';
import { chatTextSchema, type ControlMessage } from '../../../common/peer-protocol';
import { Emitter } from './emitter';
import type { PeerIdentities } from './identities';
import type { PeerPort } from './peer-port';

/** Older messages are dropped from memory beyond this many. */
export const CHAT_HISTORY_LIMIT = 500;

export type DeliveryState = 'sent' | 'delivered';

export interface ChatDelivery {
  /** Recipient key: its client id, or `peer:<id>` until its hello arrives. */
  key: string;
  name: string;
  state: DeliveryState;
}

export interface ChatMessage {
  id: string;
  authorName: string;
  /** The author's identity key (see identities.ts) for received messages; null for our own. */
  authorKey: string | null;
  mine: boolean;
  text: string;
  sentAt: number;
  /** Per recipient, for our own messages; empty for received ones. */
  delivery: ChatDelivery[];
}

export interface ChatEvents {
  changed: ChatMessage[];
  /** A message from someone else arrived (for unread counts and sounds). */
  received: ChatMessage;
}

export interface ChatOptions {
  port: PeerPort;
  identities: PeerIdentities;
  selfName: () => string;
  newId?: () => string;
  now?: () => number;
}

export class ChatEngine extends Emitter<ChatEvents> {
  private messages: ChatMessage[] = [];
  private readonly seen = new Set<string>();
  private readonly newId: () => string;
  private readonly now: () => number;

  constructor(private readonly options: ChatOptions) {
    super();
    this.newId = options.newId ?? randomId;
    this.now = options.now ?? (() => Date.now());
  }

  list(): ChatMessage[] {
    return this.messages;
  }

  /** Sends to everyone in the room now; returns why instead when the text is not sendable (empty, too long). */
  send(rawText: string): Issue | null {
    const checked = chatTextSchema.safeParse(rawText.trim());
    if (!checked.success) return issueOf(checked.error);
    const text = checked.data;
    const { port, identities } = this.options;
    const message: ChatMessage = {
      id: this.newId(),
      authorName: this.options.selfName(),
      authorKey: null,
      mine: true,
      text,
      sentAt: this.now(),
      delivery: port
        .peers()
        .map((peer) => ({ key: identities.keyOf(peer.id), name: peer.name, state: 'sent' })),
    };
    this.seen.add(message.id);
    this.append(message);
    for (const peer of port.peers()) this.transmit(peer.id, message);
    return null;
  }

  /** A peer said hello: its recipient key becomes its client id, and what it has not acknowledged goes out. */
  peerIdentified(peerId: string, clientId: string): void {
    const provisional = `peer:${peerId}`;
    for (const message of this.messages) {
      const pending = message.delivery.find((d) => d.key === provisional);
      if (!pending) continue;
      const existing = message.delivery.find((d) => d.key === clientId);
      if (existing) message.delivery = message.delivery.filter((d) => d !== pending);
      else pending.key = clientId;
    }
    this.flush(peerId, clientId);
    this.changed();
  }

  handle(peerId: string, message: ControlMessage): void {
    if (message.t === 'chat') {
      // Acknowledge every copy (our earlier ack may have been lost), show only the first.
      this.options.port.send(peerId, { t: 'chat-ack', id: message.id });
      if (this.seen.has(message.id)) return;
      this.seen.add(message.id);
      // The name the server stamped for this peer; a hello's name is the peer's own say.
      const authorName = this.options.port.peers().find((p) => p.id === peerId)?.name ?? 'Someone';
      const received: ChatMessage = {
        id: message.id,
        authorName,
        authorKey: this.options.identities.keyOf(peerId),
        mine: false,
        text: message.text,
        sentAt: message.sentAt,
        delivery: [],
      };
      this.append(received);
      this.emit('received', received);
    } else if (message.t === 'chat-ack') {
      const key = this.options.identities.keyOf(peerId);
      const delivery = this.messages.find((m) => m.id === message.id)?.delivery.find((d) => d.key === key);
      if (delivery && delivery.state !== 'delivered') {
        delivery.state = 'delivered';
        this.changed();
      }
    }
  }

  private flush(peerId: string, key: string): void {
    for (const message of this.messages) {
      if (message.mine && message.delivery.some((d) => d.key === key && d.state === 'sent')) {
        this.transmit(peerId, message);
      }
    }
  }

  private transmit(peerId: string, message: ChatMessage): void {
    this.options.port.send(peerId, { t: 'chat', id: message.id, text: message.text, sentAt: message.sentAt });
  }

  private append(message: ChatMessage): void {
    this.messages = [...this.messages, message].slice(-CHAT_HISTORY_LIMIT);
    this.changed();
  }

  private changed(): void {
    this.emit('changed', this.messages);
  }
}
