// Chart.js, tree-shaken: only bar and line charts on category/linear scales are bundled. BarChart imports
// this module lazily, so only a page that draws a chart downloads it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export { Chart };
