import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Props {
  label: string;
  bins: { label: string; count: number }[];
  onPick: (index: number) => void;
}

/** A bar chart of bin counts (Chart.js, canvas); clicking a bar picks that bin. */
export function Histogram({ label, bins, onPick }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: bins.map((b) => b.label),
        datasets: [{ label: 'Rows', data: bins.map((b) => b.count), backgroundColor: '#5b8def', hoverBackgroundColor: '#1c64d6', categoryPercentage: 1, barPercentage: 0.92 }],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { displayColors: false } },
        scales: { x: { ticks: { display: false }, grid: { display: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) pick.current(hit.index);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
      },
    });
    return () => chart.destroy();
  }, [bins]);

  return (
    <div className="histogram">
      <div className="histogram-canvas">
        <canvas ref={canvas} role="img" aria-label={`Histogram of ${label}`} />
      </div>
      <ul className="histogram-bins" aria-label={`Bins of ${label}`}>
        {bins.map((b, i) => (
          <li key={i}>
            <button type="button" onClick={() => onPick(i)} aria-label={`Show rows in bin ${b.label}: ${b.count.toLocaleString('en-US')} rows`}>
              {b.label}: {b.count.toLocaleString('en-US')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
