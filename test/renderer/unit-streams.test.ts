import { describe, expect, it } from 'vitest';
import type { UnitTrack } from '../../common/signaling/unit';
import { flowingKinds, UnitStreams } from '../../renderer/src/rtc/unit-streams';
import { FakeStream, FakeTrack } from '../fakes/dom/media';

const createStream = () => new FakeStream() as unknown as MediaStream;
const track = (kind: 'audio' | 'video') => new FakeTrack(kind) as unknown as MediaStreamTrack;
const entry = (mid: string, owner: string, streamId: string, kind: 'audio' | 'video'): UnitTrack => ({
  mid,
  owner,
  streamId,
  kind,
});

describe('the subscribe table turned back into people’s streams', () => {
  it('gathers the m-lines of one person’s stream into one MediaStream, by owner and stream id', () => {
    const streams = new UnitStreams(createStream);
    const [micA, camA, screenA, camB] = [track('audio'), track('video'), track('video'), track('video')];
    const changed = streams.apply(
      [
        entry('0', 'ada', 'cam-a', 'audio'),
        entry('1', 'ada', 'cam-a', 'video'),
        entry('2', 'ada', 'screen-a', 'video'),
        entry('3', 'bob', 'cam-b', 'video'),
      ],
      [
        { mid: '0', track: micA },
        { mid: '1', track: camA },
        { mid: '2', track: screenA },
        { mid: '3', track: camB },
      ],
    );
    expect(changed).toBe(true);
    expect(streams.stream('ada', 'cam-a')?.getTracks()).toEqual([micA, camA]);
    expect(streams.stream('ada', 'screen-a')?.getTracks()).toEqual([screenA]);
    expect(streams.stream('bob', 'cam-b')?.getTracks()).toEqual([camB]);
    // A stream id is only found under the person who announced it.
    expect(streams.stream('bob', 'cam-a')).toBeNull();
    expect(streams.entry('2')).toEqual(entry('2', 'ada', 'screen-a', 'video'));
    expect([...streams.senders()].sort()).toEqual(['ada', 'bob']);
  });

  it('keeps a stream while its owner sends, moves a reused m-line’s track, drops what is no longer sent', () => {
    const streams = new UnitStreams(createStream);
    const [mic, cam, screen] = [track('audio'), track('video'), track('video')];
    const slots = [
      { mid: '0', track: mic },
      { mid: '1', track: cam },
      { mid: '2', track: screen },
    ];
    streams.apply(
      [
        entry('0', 'ada', 'cam-a', 'audio'),
        entry('1', 'ada', 'cam-a', 'video'),
        entry('2', 'ada', 'screen-a', 'video'),
      ],
      slots,
    );
    const camera = streams.stream('ada', 'cam-a');
    // Ada stops sharing; the unit reuses m-line 2 for Bob's camera.
    expect(
      streams.apply(
        [
          entry('0', 'ada', 'cam-a', 'audio'),
          entry('1', 'ada', 'cam-a', 'video'),
          entry('2', 'bob', 'cam-b', 'video'),
        ],
        slots,
      ),
    ).toBe(true);
    expect(streams.stream('ada', 'cam-a')).toBe(camera);
    expect(streams.stream('ada', 'screen-a')).toBeNull();
    expect(streams.stream('bob', 'cam-b')?.getTracks()).toEqual([screen]);
    // Ada's camera goes; her sound stays in the same stream.
    streams.apply([entry('0', 'ada', 'cam-a', 'audio'), entry('2', 'bob', 'cam-b', 'video')], slots);
    expect(streams.stream('ada', 'cam-a')).toBe(camera);
    expect(camera?.getTracks()).toEqual([mic]);
    // The same table again changes nothing.
    expect(
      streams.apply([entry('0', 'ada', 'cam-a', 'audio'), entry('2', 'bob', 'cam-b', 'video')], slots),
    ).toBe(false);
  });

  it('ignores m-lines the table does not name, and a kind that does not match the m-line', () => {
    const streams = new UnitStreams(createStream);
    streams.apply(
      [entry('0', 'ada', 'cam-a', 'video')],
      [
        { mid: '0', track: track('audio') },
        { mid: '1', track: track('video') },
        { mid: null, track: track('video') },
      ],
    );
    expect(streams.stream('ada', 'cam-a')).toBeNull();
  });

  it('tells which kinds of a stream have received media', () => {
    const video = new FakeTrack('video');
    video.muted = true;
    const stream = new FakeStream([new FakeTrack('audio'), video]) as unknown as MediaStream;
    expect(flowingKinds(null)).toEqual(new Set());
    expect(flowingKinds(stream)).toEqual(new Set(['audio']));
    video.flow();
    expect(flowingKinds(stream)).toEqual(new Set(['audio', 'video']));
  });
});
