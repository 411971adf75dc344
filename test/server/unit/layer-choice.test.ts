import { describe, expect, it } from 'vitest';
import { BitrateMeter, chooseLayer } from '../../../server/src/unit/layer-choice';

const layers = [
  { rid: 'l', bitrate: 150_000 },
  { rid: 'm', bitrate: 500_000 },
  { rid: 'h', bitrate: 1_500_000 },
];

describe('layer choice', () => {
  it('starts a viewer without an estimate on the top layer', () => {
    expect(chooseLayer({ layers, current: undefined, budget: undefined, loss: undefined })).toBe('h');
  });

  it('starts a viewer with an estimate on the highest layer that fits', () => {
    expect(chooseLayer({ layers, current: undefined, budget: 600_000, loss: 0 })).toBe('m');
    expect(chooseLayer({ layers, current: undefined, budget: 50_000, loss: 0 })).toBe('l');
  });

  it('goes down when the estimate no longer covers the layer', () => {
    expect(chooseLayer({ layers, current: 'h', budget: 700_000, loss: 0 })).toBe('m');
    expect(chooseLayer({ layers, current: 'h', budget: 100_000, loss: 0 })).toBe('l');
  });

  it('goes up one layer only with headroom and no loss', () => {
    expect(chooseLayer({ layers, current: 'm', budget: 1_600_000, loss: 0 })).toBe('m');
    expect(chooseLayer({ layers, current: 'm', budget: 2_000_000, loss: 0 })).toBe('h');
    expect(chooseLayer({ layers, current: 'm', budget: 2_000_000, loss: 0.05 })).toBe('m');
    expect(chooseLayer({ layers, current: 'l', budget: 5_000_000, loss: 0 })).toBe('m');
  });

  it('holds its layer inside the hysteresis band', () => {
    // Between 0.95× and 1.25× of the layers: neither down from m nor up to h.
    expect(chooseLayer({ layers, current: 'm', budget: 560_000, loss: 0 })).toBe('m');
    expect(chooseLayer({ layers, current: 'h', budget: 1_600_000, loss: 0 })).toBe('h');
  });

  it('steps down on heavy loss whatever the estimate', () => {
    expect(chooseLayer({ layers, current: 'h', budget: 10_000_000, loss: 0.2 })).toBe('m');
  });

  it('skips layers the publisher does not send', () => {
    const paused = [layers[0], { rid: 'm', bitrate: 0 }, layers[2]] as typeof layers;
    expect(chooseLayer({ layers: paused, current: 'l', budget: 5_000_000, loss: 0 })).toBe('h');
    const onlyLow = [layers[0], { rid: 'h', bitrate: 0 }] as typeof layers;
    expect(chooseLayer({ layers: onlyLow, current: undefined, budget: undefined, loss: undefined })).toBe(
      'l',
    );
  });
});

describe('bitrate meter', () => {
  it('measures bits per second over its window', () => {
    const meter = new BitrateMeter(1000);
    for (let t = 0; t < 1000; t += 10) meter.add(t, 1250);
    expect(meter.bitrate(999)).toBe(1_000_000);
    expect(meter.bitrate(2500)).toBe(0);
  });
});
