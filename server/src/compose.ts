/**
 * The composition root of one server's signaling: builds the registries, the replica, the routes,
 * admission and (with an adapter) the cluster membership, handing each part only what it uses. Built
 * once per server, so two servers in one process never share anything.
 */
import type { Logger } from 'pino';
import { AddressSlots } from './admission/address-slots';
import { ACCESS_FREE_ATTEMPTS } from '../../common/limits';
import { FailureCount } from './admission/failure-count';
import { guestGateMiddleware, type GuestGate } from './admission/guest-gate';
import { admissionMiddleware } from './admission/handshake';
import { originCheck } from './admission/origin';
import { createPacketGate } from './admission/packet-gate';
import { AskGuard } from './admission/ask-guard';
import { PinGuard } from './admission/pin-guard';
import { RingGuard } from './admission/ring-guard';
import { RateGuard } from './admission/rate-guard';
import { secretDigest } from './admission/secrets';
import { answerForwardedCalls, callForwarder } from './cluster/call-forwarding';
import type { RoomClaims } from './cluster/claims';
import { clusterPublisher, joinCluster, type ClusterMembership } from './cluster/join-cluster';
import type { ServerMetrics } from './http/metrics';
import { createDelivery } from './replica/delivery';
import { createDirectory } from './replica/directory';
import { coalescePresence } from './replica/presence-fanout';
import { createMembership } from './replica/membership';
import { callRoutes } from './routes/call';
import { CallService } from './routes/call-service';
import { configRoutes } from './routes/config';
import { acceptConnections, createDeparture } from './routes/connection';
import { createForwarding } from './routes/forwarding';
import { createRegistration, presenceRoutes } from './routes/presence';
import { roomRoutes } from './routes/room';
import { createRouter } from './routes/route';
import { signalRoutes } from './routes/signal';
import { deliverUnitSignals, unitRoutes } from './routes/unit';
import { eventBurst, type ForwardingSettings, type IceConfig, type SignalingLimits } from './settings';
import type { AwayList } from './state/away';
import type { CallRegistry } from './state/calls';
import type { PresenceRegistry } from './state/presence';
import { RejoinPasses } from './state/rejoin-passes';
import type { RoomRegistry } from './state/rooms';
import type { SignalingIo } from './transport/io';

export interface SignalingParts {
  io: SignalingIo;
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  calls: CallRegistry;
  /** Dropped sockets that may still recover their session (connection state recovery). */
  away: AwayList;
  metrics: ServerMetrics;
  limits: SignalingLimits;
  /** When rooms carry media through the forwarding unit; its `unit` is null when none runs. */
  forwarding: ForwardingSettings;
  ice: IceConfig;
  /** Workspace access code; null: an open server. */
  accessCode: string | null;
  /** The desktop host's rule for LAN guests, read at every handshake; null: no such guests. */
  guestGate: () => GuestGate | null;
  /** Page origins allowed besides the server's own and loopback ones (admission/origin.ts). */
  allowedOrigins: readonly string[];
  /** True when an adapter shares the server with other processes. */
  clustered: boolean;
  /** With an adapter: atomic room creation shared by every process. */
  claims: RoomClaims | null;
  reconcileIntervalMs: number | undefined;
  /** 0 when connection state recovery is off. */
  recoveryWindowMs: number;
  now: () => number;
  /** The presence coalescing's timer (replica/presence-fanout.ts). */
  schedule: (run: () => void, ms: number) => () => void;
  logger: Logger;
}

/** What the server holds on to once its signaling is wired. */
export interface ComposedSignaling {
  /** The cluster membership, null when this process runs alone. */
  cluster: ClusterMembership | null;
  /** Stops handing the forwarding unit's signals to members; for when the server has closed. */
  detachUnit: () => void;
}

/** Wires the signaling of one server onto `io`: admission, then every socket's routes. */
export function composeSignaling(parts: SignalingParts): ComposedSignaling {
  const { io, rooms, presence, calls, away, metrics, limits, recoveryWindowMs, now, logger } = parts;
  const log = logger.child({ name: 'server:signaling' });
  const callLog = logger.child({ name: 'server:call' });

  const publish = parts.clustered ? clusterPublisher(io) : null;
  const { claims } = parts;
  const delivery = coalescePresence(
    createDelivery({ io, rooms, presence, away, recoveryWindowMs, publish, log }),
    { intervalMs: limits.presenceIntervalMs, now, schedule: parts.schedule },
  );
  const sockets = io.sockets.sockets;
  const directory = createDirectory({ presence, rooms, sockets, away, delivery, publish, now });
  const releaseClaim = claims ? (room: string, founder: string) => claims.release(room, founder) : null;
  const passes = new RejoinPasses(now);
  const membership = createMembership({ rooms, releaseClaim, publish, delivery, directory, passes });

  const service = new CallService({
    calls,
    rooms,
    presence,
    membership,
    directory,
    delivery,
    limits,
    rings: new RingGuard(now),
    log: callLog,
  });
  const ownsCall = (room: string) => calls.inRoom(room) !== undefined;
  const cluster = parts.clustered
    ? joinCluster({
        io,
        rooms,
        presence,
        passes,
        away,
        membership,
        directory,
        delivery,
        ownsCall,
        ringTimeoutMs: limits.ringTimeoutMs,
        now,
        log: logger.child({ name: 'server:cluster' }),
        reconcileIntervalMs: parts.reconcileIntervalMs,
      })
    : null;
  if (cluster) answerForwardedCalls(io, service);

  const accessDigest = parts.accessCode ? secretDigest(parts.accessCode) : null;
  const slots = new AddressSlots(limits.connectionsPerAddress);
  io.use(
    admissionMiddleware({
      accessDigest,
      slots,
      accessFailures: new FailureCount(ACCESS_FREE_ATTEMPTS, now),
      allowOrigin: originCheck(parts.allowedOrigins),
      metrics,
      log,
    }),
  );
  io.use(
    guestGateMiddleware({
      gate: parts.guestGate,
      failures: new FailureCount(ACCESS_FREE_ATTEMPTS, now),
      metrics,
      log,
    }),
  );

  const { unit } = parts.forwarding;
  const forwarding = createForwarding({
    rooms,
    membership,
    delivery,
    forwarding: parts.forwarding,
    meshCapacity: limits.roomCapacity,
    clustered: parts.clustered,
    log,
  });
  const detachUnit = unit ? deliverUnitSignals({ rooms, delivery, unit, log }) : () => undefined;

  const departure = createDeparture({ io, away, directory, membership, delivery, log });
  const register = createRegistration({ presence, rooms, directory, delivery, metrics, log });
  const dispatch = createRouter(
    {
      ...roomRoutes({
        rooms,
        membership,
        delivery,
        directory,
        claims,
        forwarding,
        pins: new PinGuard(now),
        unmuteAsks: new AskGuard(now),
        log,
      }),
      ...signalRoutes({ rooms, delivery, metrics }),
      ...unitRoutes({ rooms, unit }),
      ...presenceRoutes({ presence, rooms, register }),
      ...configRoutes({ presence, ice: parts.ice, now }),
      ...callRoutes({
        service,
        presence,
        forward: parts.clustered ? callForwarder(io, callLog) : null,
        log: callLog,
      }),
    },
    { log, metrics, sweep: departure.sweep },
  );
  const guard = new RateGuard(
    limits.eventsPerSecond,
    limits.rateStrikes,
    eventBurst(limits, parts.clustered ? { ...parts.forwarding, unit: null } : parts.forwarding),
  );
  const gate = createPacketGate({ guard, metrics, log }, dispatch);
  acceptConnections({
    io,
    gate,
    guard,
    slots,
    metrics,
    away,
    recoveryWindowMs,
    departure,
    register,
    log,
  });

  return { cluster, detachUnit };
}
