import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

// Only the chart types and components Passage uses are bundled (ECharts is tree-shaken this way).
echarts.use([
  LineChart,
  BarChart,
  SankeyChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = EChartsCoreOption;

export interface EChartHandle {
  /** The chart as a PNG data URL (white background, twice the screen resolution), for "download PNG". */
  toPngDataUrl(): string | undefined;
}

export interface EChartProps {
  option: ChartOption;
  /** Accessible name of the chart (screen readers get the data table next to it; this names the picture). */
  label: string;
  height?: number;
  testId?: string;
}

/**
 * One ECharts chart. The option is applied whenever it changes (not merged: a new option replaces the old
 * one, so removed series disappear). Resizes with its container.
 */
export const EChart = forwardRef<EChartHandle, EChartProps>(function EChart(
  { option, label, height = 320, testId },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const instance = echarts.init(container.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useImperativeHandle(ref, () => ({
    toPngDataUrl: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }),
  }));

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height }}
    />
  );
});

/** Starts a browser download of a data URL or Blob under the given file name. */
export function downloadFile(data: string | Blob, fileName: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000);
}
