import { html, type SafeHtml, svgNumber } from './html';

export type Tone = 'blue' | 'amber' | 'red' | 'green' | 'grey' | 'teal';

export interface Segment {
  readonly value: number;
  readonly tone: Tone;
  /** What the segment counts (in the tooltip and legend). */
  readonly label: string;
}

export interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
  /** A target to compare with (a quota): drawn as a line; the value reads `n / target (p%)`. */
  readonly target?: number;
}

const TONES: Record<Tone, string> = {
  blue: '#1b4b8f',
  amber: '#e08e00',
  red: '#c62828',
  green: '#1e7d32',
  grey: '#8a96a3',
  teal: '#00838f',
};

const LABEL_WIDTH = 300;
const BAR_AREA = 380;
const VALUE_WIDTH = 130;
const ROW = 30;
const BAR = 18;
const TOP = 26;

/** 1, 2, 5, 10, 20, 50...: a step that gives at most five gridlines up to `max`. */
function niceStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

/**
 * A horizontal bar chart as inline SVG (stacked segments, an optional target line per bar),
 * drawn on the server. Numbers are also printed at the bars; pages put them in a table as well.
 */
export function barChart(options: {
  title: string;
  bars: readonly Bar[];
  legend?: boolean;
  /** Each bar against its own target (0-100%+ of a quota): targets of different sizes side by side. */
  relativeToTarget?: boolean;
}): SafeHtml {
  const { bars } = options;
  const totals = bars.map((bar) => bar.segments.reduce((sum, segment) => sum + segment.value, 0));
  const relative = options.relativeToTarget === true;
  // In relative charts a bar's numbers are percentages of its target; labels keep the counts.
  const share = (bar: Bar, value: number) =>
    relative ? (bar.target ? (value / bar.target) * 100 : 0) : value;
  const max = relative
    ? Math.max(100, ...bars.map((bar, index) => share(bar, totals[index] ?? 0)))
    : Math.max(1, ...totals, ...bars.map((bar) => bar.target ?? 0));
  const step = relative ? 25 : niceStep(max);
  const top = Math.ceil(max / step) * step;
  const scaleOf = (bar: Bar) => (value: number) => (share(bar, value) / top) * BAR_AREA;
  const scale = (value: number) => (value / top) * BAR_AREA;
  const legendItems = options.legend
    ? [...new Map(bars.flatMap((bar) => bar.segments).map((s) => [s.label, s.tone])).entries()]
    : [];
  const legendHeight = legendItems.length ? 24 : 0;
  const height = TOP + bars.length * ROW + 22 + legendHeight;
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;

  const grid = [];
  for (let value = 0; value <= top; value += step) {
    const x = LABEL_WIDTH + scale(value);
    grid.push(
      html`<line class="grid" x1="${svgNumber(x)}" y1="${TOP - 6}" x2="${svgNumber(x)}" y2="${svgNumber(TOP + bars.length * ROW)}"/><text class="tick" x="${svgNumber(x)}" y="${svgNumber(TOP + bars.length * ROW + 14)}">${value}${relative ? '%' : ''}</text>`,
    );
  }
  const rows = bars.map((bar, index) => {
    const scale = scaleOf(bar);
    const y = TOP + index * ROW + (ROW - BAR) / 2;
    const total = totals[index] ?? 0;
    let x = LABEL_WIDTH;
    const segments = bar.segments
      .filter((segment) => segment.value > 0)
      .map((segment) => {
        const w = scale(segment.value);
        const rect = html`<rect x="${svgNumber(x)}" y="${svgNumber(y)}" width="${svgNumber(w)}" height="${BAR}" fill="${TONES[segment.tone]}"><title>${bar.label}: ${segment.label} ${segment.value}</title></rect>`;
        x += w;
        return rect;
      });
    const target = bar.target;
    const valueText =
      target === undefined
        ? String(total)
        : `${total} / ${target}${target > 0 ? ` (${Math.round((total / target) * 100)}%)` : ''}`;
    return html`<g class="bar" data-label="${bar.label}" data-value="${total}"${target === undefined ? '' : html` data-target="${target}"`}>
<text class="label" x="${LABEL_WIDTH - 8}" y="${svgNumber(y + BAR - 4)}">${bar.label}</text>
${target !== undefined ? html`<rect class="track" x="${LABEL_WIDTH}" y="${svgNumber(y)}" width="${svgNumber(scale(target))}" height="${BAR}"/>` : ''}
${segments}
${target !== undefined ? html`<line class="target" x1="${svgNumber(LABEL_WIDTH + scale(target))}" y1="${svgNumber(y - 4)}" x2="${svgNumber(LABEL_WIDTH + scale(target))}" y2="${svgNumber(y + BAR + 4)}"><title>정원 ${target}</title></line>` : ''}
<text class="value${target !== undefined && total > target ? ' over' : ''}" x="${svgNumber(LABEL_WIDTH + Math.max(scale(total), scale(target ?? 0)) + 6)}" y="${svgNumber(y + BAR - 4)}">${valueText}</text>
</g>`;
  });
  const legendY = TOP + bars.length * ROW + 38;
  let legendX = LABEL_WIDTH;
  const legend = legendItems.map(([label, tone]) => {
    const item = html`<rect x="${svgNumber(legendX)}" y="${svgNumber(legendY - 10)}" width="12" height="12" fill="${TONES[tone]}"/><text class="legend" x="${svgNumber(legendX + 16)}" y="${svgNumber(legendY)}">${label}</text>`;
    legendX += 28 + label.length * 12;
    return item;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${svgNumber(height)}" width="${width}" height="${svgNumber(height)}">
<title>${options.title}</title>
<style>
.grid{stroke:#e3e7ec}
.tick{font:11px sans-serif;fill:#6b7682;text-anchor:middle}
.label{font:13px sans-serif;fill:#1d1d1f;text-anchor:end}
.value{font:bold 12px sans-serif;fill:#1d1d1f}
.value.over{fill:#c62828}
.track{fill:#eef1f5}
.target{stroke:#1d1d1f;stroke-width:2}
.legend{font:12px sans-serif;fill:#1d1d1f}
.caption{font:bold 13px sans-serif;fill:#1b4b8f}
</style>
<text class="caption" x="4" y="16">${options.title}</text>
${grid}
${rows}
${legend}
</svg>`;
}
