// The player's timeline: one lane per channel with its waveform and whose voice it is, the
// spans when recording was paused shaded across the lanes (the file holds silence there), the
// time axis and the playhead. A click seeks. Drawn on a canvas; its label and the list of
// paused spans under it say the same in words.
import { useEffect, useRef } from 'preact/hooks';
import { clock, type PausedSpan } from './recording-model.js';
import type { Waveform } from './waveform.js';

export const TIMELINE_COLUMNS = 1200;
const LANE = 72;
const AXIS = 20;
const GAP = 4;
const laneColors = ['#1f6feb', '#1a8a3a'];
/** The paused shade; the browser test looks for this color inside a span. */
export const PAUSED_SHADE = 'rgba(230, 150, 0, 0.35)';

interface TimelineProps {
  waveform: Waveform;
  parties: string[];
  pausedSpans: PausedSpan[];
  position: number;
  onSeek: (seconds: number) => void;
}

export function Timeline({ waveform, parties, pausedSpans, position, onSeek }: TimelineProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const lanes = waveform.channels.length;
  const height = lanes * (LANE + GAP) + AXIS;
  const name = (c: number): string => parties[c] ?? `channel ${c + 1}`;
  useEffect(() => {
    const g = canvas.current?.getContext('2d');
    if (g) draw(g, waveform, pausedSpans, position, name);
  });
  const seek = (e: MouseEvent & { currentTarget: HTMLCanvasElement }): void => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) onSeek(((e.clientX - box.left) / box.width) * waveform.duration);
  };
  const paused = pausedSpans.map((p) => `${clock(p.from_seconds)}–${clock(p.to_seconds)}`);
  return (
    <figure class="timeline">
      <canvas ref={canvas} id="timeline" width={TIMELINE_COLUMNS} height={height} data-channels={lanes} data-duration={waveform.duration.toFixed(2)}
        role="img" aria-label={`Timeline of ${clock(waveform.duration)}: ${lanes} channels (${waveform.channels.map((_, c) => name(c)).join(', ')})${paused.length ? `; recording paused ${paused.join(', ')}` : ''}`}
        onClick={seek} />
      <figcaption>
        {pausedSpans.length
          ? <ul id="paused-spans" class="paused-spans">{pausedSpans.map((p) => <li key={p.from_seconds}>Recording paused {p.from_seconds.toFixed(1)} s – {p.to_seconds.toFixed(1)} s</li>)}</ul>
          : <span class="dim">Recording was not paused.</span>}
      </figcaption>
    </figure>
  );
}

function draw(g: CanvasRenderingContext2D, waveform: Waveform, spans: PausedSpan[], position: number, name: (c: number) => string): void {
  const width = g.canvas.width;
  const height = g.canvas.height;
  const x = (seconds: number): number => (waveform.duration > 0 ? (seconds / waveform.duration) * width : 0);
  g.clearRect(0, 0, width, height);
  waveform.channels.forEach((columns, c) => {
    const top = c * (LANE + GAP);
    const mid = top + LANE / 2;
    g.fillStyle = '#f4f6f8';
    g.fillRect(0, top, width, LANE);
    g.fillStyle = laneColors[c % laneColors.length] ?? '#1f6feb';
    columns.forEach(([min, max], i) => {
      const from = mid - max * (LANE / 2 - 2);
      g.fillRect(i * (width / columns.length), from, Math.max(1, width / columns.length), Math.max(1, mid - min * (LANE / 2 - 2) - from));
    });
    g.fillStyle = '#1f2933';
    g.font = '600 13px system-ui, sans-serif';
    g.fillText(name(c), 6, top + 16);
  });
  const lanesBottom = waveform.channels.length * (LANE + GAP) - GAP;
  g.fillStyle = PAUSED_SHADE;
  for (const span of spans) g.fillRect(x(span.from_seconds), 0, Math.max(2, x(span.to_seconds) - x(span.from_seconds)), lanesBottom);
  // Axis: a tick every 1, 5, 10, 30 or 60 s, whichever gives about ten.
  const step = [1, 5, 10, 30, 60, 300].find((s) => waveform.duration / s <= 12) ?? 600;
  g.fillStyle = '#555';
  g.font = '11px system-ui, sans-serif';
  for (let t = 0; t <= waveform.duration; t += step) {
    g.fillRect(x(t), lanesBottom, 1, 5);
    g.fillText(clock(t), Math.min(x(t) + 2, width - 30), height - 4);
  }
  g.fillStyle = '#c62828';
  g.fillRect(Math.min(x(position), width - 2), 0, 2, lanesBottom);
}
