/**
 * The bitrate plot of the connection details reads on its own: a scale on the side (its peak and
 * zero), the minute it spans underneath, and a legend telling the sent line from the received one,
 * in the user's language; the whole is summed up for screen readers.
 */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import BitratePlot from '../../renderer/src/components/BitratePlot.vue';
import { withLocale } from './i18n';

const points = [
  { kbpsIn: 800, kbpsOut: 2400 },
  { kbpsIn: 1200, kbpsOut: 3000 },
];

describe('the bitrate plot', () => {
  it('has a scale, a time axis and a legend', () => {
    const wrapper = mount(BitratePlot, { props: { points } });
    expect(wrapper.findAll('.y-axis span').map((s) => s.text())).toEqual(['3000 kbps', '0']);
    expect(wrapper.findAll('.x-axis span').map((s) => s.text())).toEqual(['1 min ago', 'now']);
    const legend = wrapper.findAll('.legend li');
    expect(legend.map((item) => item.text())).toEqual(['Sent', 'Received']);
    // Each legend key has its line's colour class.
    expect(legend.map((item) => item.get('.key').classes())).toEqual([
      ['key', 'out'],
      ['key', 'in'],
    ]);
    expect(wrapper.get('svg').attributes('aria-label')).toBe(
      'Bitrate over the last minute, peak 3000 kbps; now 3000 kbps out, 1200 kbps in',
    );
  });

  it('speaks French', () => {
    const wrapper = mount(BitratePlot, { props: { points }, global: { plugins: [withLocale('fr')] } });
    expect(wrapper.findAll('.x-axis span').map((s) => s.text())).toEqual(['il y a 1 min', 'maintenant']);
    expect(wrapper.findAll('.legend li').map((item) => item.text())).toEqual(['Envoyé', 'Reçu']);
  });
});
