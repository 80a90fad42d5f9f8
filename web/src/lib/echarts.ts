// The ECharts parts the app uses, in one lazily loaded chunk.
import * as echarts from 'echarts/core';
import { LineChart, BarChart, ScatterChart, SankeyChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, ScatterChart, SankeyChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);
export { echarts };
