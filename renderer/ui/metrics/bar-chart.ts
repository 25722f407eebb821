// Bar charts for the Metrics screen, drawn by Chart.js on a canvas. Loaded only when the screen shows a chart
// (dynamic import), so Chart.js never weighs on the start bundle. Only what bar charts need is registered
// (tree-shaken). Chart.js sizes the canvas through the CSSOM (element.style), which our `style-src 'self'` CSP
// allows; it injects no <style> element and no inline style attribute. Colours come from the theme's CSS
// variables, read when the chart is drawn (the screen redraws on a theme change). The canvas is an image for
// assistive technology (its label says so); the figures are in the data table beside it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  values: Array<number | null>;
  /** A theme variable for the bars ("--accent"). */
  color: string;
}

export interface BarChartData {
  labels: string[];
  series: BarSeries[];
}

export interface BarChart {
  update(data: BarChartData): void;
  destroy(): void;
}

/**
 * A theme colour as the canvas needs it (resolved): the variables hold light-dark(light, dark), which only a
 * property that is used resolves, so a probe element takes the colour and the computed value is read back.
 */
function themeColour(name: string): string {
  const probe = document.createElement("span");
  probe.style.color = `var(${name}, #888)`;
  probe.hidden = true;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour || "#888";
}

export function drawBarChart(canvas: HTMLCanvasElement, data: BarChartData): BarChart {
  const text = themeColour("--text-muted");
  const grid = themeColour("--border");
  const datasets = (d: BarChartData) =>
    d.series.map((s) => ({
      label: s.label,
      data: [...s.values],
      backgroundColor: themeColour(s.color),
      borderRadius: 3,
      maxBarThickness: 36,
    }));
  const chart = new Chart(canvas, {
    type: "bar",
    data: { labels: [...data.labels], datasets: datasets(data) },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Motion says nothing here, and a chart that animates is a flaky screenshot.
      animation: false,
      scales: {
        x: { ticks: { color: text, autoSkip: true, maxRotation: 0 }, grid: { color: grid } },
        y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
      },
      plugins: {
        legend: { display: data.series.length > 1, labels: { color: text, boxWidth: 12 } },
        tooltip: { enabled: true },
      },
    },
  });
  return {
    update(next) {
      chart.data.labels = [...next.labels];
      chart.data.datasets = datasets(next);
      chart.update();
    },
    destroy: () => chart.destroy(),
  };
}
