/**
 * What the forwarding unit's answer to a publish offer says about what we send: each m-line taken
 * (`recvonly`), or refused, rejected (port 0) or held `inactive` because every sender place is taken
 * (docs/PROTOCOL.md, "Sender places"). Read from the SDP alone: no other message says so.
 */

/** How an answer took each m-line, by mid: `rejected` (port 0) or its direction. */
export function answeredMedia(sdp: string): Map<string, RTCRtpTransceiverDirection | 'rejected'> {
  const answered = new Map<string, RTCRtpTransceiverDirection | 'rejected'>();
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    if (!mid) continue;
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(section)?.[1];
    answered.set(
      mid,
      /^\S+ 0 /.test(section) ? 'rejected' : ((direction as RTCRtpTransceiverDirection) ?? 'sendrecv'),
    );
  }
  return answered;
}

/** What an offer tried to send, as the user knows it: their microphone, camera or screen. */
export type SendKind = 'microphone' | 'camera' | 'screen';

/** What is asked of the unit before it is sent (an unmute, a camera turned on). */
export type AskKind = 'microphone' | 'camera';

/**
 * How an ask ended: `taken` (send now), `refused` (every place is taken), `no-answer` (none came in
 * time) or `closed` (the connection it was asked on went away first). Only `taken` sends.
 */
export type AskAnswer = 'taken' | 'refused' | 'no-answer' | 'closed';
