/**
 * The radar (spider) chart of area scores: an SVG built here and rendered to PNG in-process by
 * @resvg/resvg-js (its platform binary is an npm optional dependency, nothing is fetched elsewhere).
 * Text uses DejaVu Sans from the `dejavu-fonts-ttf` npm package, never system fonts, so the picture is
 * the same on a bare server.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as ResvgModule from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'].map((f) => require.resolve(f));
const FONT = 'DejaVu Sans';

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 900;

export interface RadarSeries {
  label: string;
  /**
   * One value 0..100 per axis; null where there is no score ("Don't know"): never drawn at the centre
   * (which would read as 0) but as a gap in the outline, with a hollow marker at the end of the axis.
   */
  values: Array<number | null>;
  color: string;
  dashed?: boolean;
}

export interface RadarChart {
  title: string;
  subtitle?: string;
  footnote?: string;
  axes: string[];
  series: RadarSeries[];
  /** Legend text for the hollow marker of an area without a score ("not scored"); shown when one is drawn. */
  notScored?: string;
}

/**
 * The runs of consecutive scored axes of a series, going round: [[0,1,2],[4,5]] for values with a
 * null at 3. Undefined when every axis is scored (the outline is then one closed polygon).
 */
export function scoredRuns(values: Array<number | null>): number[][] | undefined {
  const n = values.length;
  const gap = values.findIndex((v) => v === null);
  if (gap < 0) return undefined;
  const runs: number[][] = [];
  let run: number[] = [];
  for (let k = 1; k <= n; k++) {
    const i = (gap + k) % n;
    if (values[i] === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(i);
  }
  if (run.length) runs.push(run);
  return runs;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (n: number) => n.toFixed(1);

/** Splits a label into lines of at most `width` characters at spaces. */
export function wrapLabel(label: string, width = 18): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.slice(0, 3);
}

export function radarSvg(chart: RadarChart): string {
  const cx = CHART_WIDTH / 2;
  const cy = 490;
  const radius = 270;
  const n = Math.max(chart.axes.length, 3);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, value: number) => {
    const r = (radius * Math.max(0, Math.min(100, value))) / 100;
    return [cx + r * Math.cos(angle(i)), cy + r * Math.sin(angle(i))] as const;
  };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT}">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${cx}" y="44" font-size="26" font-weight="bold" text-anchor="middle" fill="#1a1a2e">${esc(chart.title)}</text>`);
  if (chart.subtitle) out.push(`<text x="${cx}" y="74" font-size="16" text-anchor="middle" fill="#444">${esc(chart.subtitle)}</text>`);

  // Grid rings at 20..100 and their values along the first axis.
  for (const level of [100, 80, 60, 40, 20]) {
    const pts = Array.from({ length: n }, (_, i) => point(i, level).map(fmt).join(',')).join(' ');
    out.push(`<polygon points="${pts}" fill="${level === 100 ? '#f6f7fb' : 'none'}" stroke="#c9ccd6" stroke-width="1"/>`);
  }
  for (const level of [20, 40, 60, 80, 100]) {
    const [, y] = point(0, level);
    out.push(`<text x="${fmt(cx + 4)}" y="${fmt(y - 3)}" font-size="11" fill="#888">${level}</text>`);
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = point(i, 100);
    out.push(`<line x1="${cx}" y1="${cy}" x2="${fmt(x)}" y2="${fmt(y)}" stroke="#c9ccd6" stroke-width="1"/>`);
  }

  // Series, the last drawn on top. An area without a score is a gap in the outline, never a point at
  // the centre; the main (solid) series marks it with a hollow circle just beyond the end of its axis.
  let hollow = false;
  for (const s of chart.series) {
    const stroke = `stroke="${s.color}" stroke-width="${s.dashed ? 2 : 3}"${s.dashed ? ' stroke-dasharray="8 6"' : ''}`;
    const runs = scoredRuns(s.values);
    if (!runs) {
      const pts = s.values.map((v, i) => point(i, v!).map(fmt).join(',')).join(' ');
      out.push(`<polygon points="${pts}" fill="${s.color}" fill-opacity="${s.dashed ? 0.05 : 0.18}" ${stroke}/>`);
    } else {
      for (const run of runs.filter((r) => r.length > 1)) {
        const pts = run.map((i) => point(i, s.values[i]!).map(fmt).join(',')).join(' ');
        out.push(`<polyline points="${pts}" fill="none" ${stroke} stroke-linejoin="round"/>`);
      }
    }
    s.values.forEach((v, i) => {
      if (v === null) {
        if (s.dashed) return;
        hollow = true;
        const a = angle(i);
        const r = radius + 9;
        out.push(`<circle cx="${fmt(cx + r * Math.cos(a))}" cy="${fmt(cy + r * Math.sin(a))}" r="5.5" fill="#ffffff" stroke="${s.color}" stroke-width="2" class="not-scored"/>`);
        return;
      }
      const [x, y] = point(i, v);
      out.push(`<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${s.dashed ? 3 : 4.5}" fill="${s.color}"/>`);
    });
  }

  // Axis labels, anchored away from the centre (beyond a hollow marker); an unscored area's in grey.
  const main = chart.series.filter((s) => !s.dashed).at(-1);
  chart.axes.forEach((label, i) => {
    const a = angle(i);
    const x = cx + (radius + 24) * Math.cos(a);
    const y = cy + (radius + 24) * Math.sin(a);
    const fill = main && main.values[i] === null ? '#8a8f9c' : '#1a1a2e';
    const anchor = Math.cos(a) > 0.25 ? 'start' : Math.cos(a) < -0.25 ? 'end' : 'middle';
    const lines = wrapLabel(label);
    const lineHeight = 16;
    const top = Math.sin(a) < -0.25 ? y - (lines.length - 1) * lineHeight : Math.sin(a) > 0.25 ? y + 10 : y - ((lines.length - 1) * lineHeight) / 2 + 5;
    const tspans = lines.map((l, j) => `<tspan x="${fmt(x)}" y="${fmt(top + j * lineHeight)}">${esc(l)}</tspan>`).join('');
    out.push(`<text font-size="14" text-anchor="${anchor}" fill="${fill}">${tspans}</text>`);
  });

  // Legend.
  chart.series.forEach((s, i) => {
    const y = 104 + i * 24;
    out.push(`<line x1="40" y1="${y}" x2="76" y2="${y}" stroke="${s.color}" stroke-width="${s.dashed ? 2 : 3}"${s.dashed ? ' stroke-dasharray="8 6"' : ''}/>`);
    out.push(`<text x="86" y="${y + 5}" font-size="15" fill="#1a1a2e">${esc(s.label)}</text>`);
  });
  if (hollow && chart.notScored) {
    const y = 104 + chart.series.length * 24;
    out.push(`<circle cx="58" cy="${y}" r="5.5" fill="#ffffff" stroke="${main?.color ?? '#1a1a2e'}" stroke-width="2"/>`);
    out.push(`<text x="86" y="${y + 5}" font-size="15" fill="#1a1a2e">${esc(chart.notScored)}</text>`);
  }
  if (chart.footnote) out.push(`<text x="${cx}" y="${CHART_HEIGHT - 20}" font-size="13" text-anchor="middle" fill="#666">${esc(chart.footnote)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

let resvgModule: typeof ResvgModule | undefined;

export function renderPng(svg: string): Buffer {
  // Loaded on first use: most processes (the CLI's other commands) never draw a chart.
  const { Resvg } = (resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule);
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }, fitTo: { mode: 'original' } });
  return resvg.render().asPng();
}

/** Renders the chart and writes it atomically to `path`; returns the path. */
export function writeRadarPng(path: string, chart: RadarChart): string {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, renderPng(radarSvg(chart)));
  renameSync(tmp, path);
  return path;
}
