/**
 * Draws the rapportage's charts in the report page (flows/hr/report/html.ts), with the HR tab's own
 * `barChart`: the PDF and the DOCX images show exactly what the tab draws, suppressed bars hatched
 * with the marker text, never as zero. Bundled by scripts/build-tab.ts into report-charts.js.
 */
import type { ReportChart } from '../flows/hr/report/model';
import { barChart } from './charts';
import { byId } from './dom';

interface ReportSettings {
  suppressed: string;
  locale: 'nl' | 'en';
  charts: ReportChart[];
}

const settings = JSON.parse(byId('report-settings').textContent ?? '{}') as ReportSettings;
const intl = settings.locale === 'nl' ? 'nl-NL' : 'en-GB';
const count = new Intl.NumberFormat(intl);
const percent = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 });

for (const spec of settings.charts) {
  const slot = document.querySelector(`[data-chart="${spec.id}"]`);
  if (!slot) continue;
  slot.append(
    barChart({
      id: spec.id,
      title: spec.title,
      description: spec.description,
      groups: spec.groups,
      formatValue: (value) => (spec.percent ? percent.format(value / 100) : count.format(value)),
      suppressedText: settings.suppressed,
      ...(spec.percent ? { max: 100 } : {}),
    }),
  );
}
document.body.dataset.chartsDrawn = String(settings.charts.length);
