/**
 * The rapportage as a Word document (the `docx` package), with the same content as the PDF, so a
 * department can add its own narrative around it: real Word headings (they make the navigation
 * pane and a table of contents work), tables with a header row, and each chart as the PNG that
 * Chromium made from the tab's SVG, with the text alternative as the image's description. Without
 * a browser the charts are left out, the document says so, and the tables still carry every figure.
 */
import { AlignmentType, Document, Footer, HeadingLevel, ImageRun, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportChapter, ReportMeasure, ReportModel, ReportSection, ReportTable } from '../../../flows/hr/report/model';

/** A chart drawn by Chromium: the PNG and its size in CSS pixels. */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/** A4 in twentieths of a point, with 2 cm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
/** The text column's width in pixels at 96 dpi: a chart is scaled to fit it. */
const COLUMN_PX = Math.floor(((A4.width - 2 * MARGIN) / 1440) * 96);

const text = (content: string) => new Paragraph({ children: [new TextRun(content)] });
const heading = (content: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreakBefore = false) =>
  new Paragraph({ heading: level, pageBreakBefore, children: [new TextRun(content)] });

function cell(content: string, header: boolean): TableCell {
  return new TableCell({ children: [new Paragraph({ alignment: header ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text: content, bold: header })] })] });
}

function table(spec: ReportTable): Array<Paragraph | Table> {
  const head = new TableRow({ tableHeader: true, children: spec.headers.map((h) => cell(h, true)) });
  const rows = spec.rows.map((row) => new TableRow({ children: [cell(row.heading, true), ...row.cells.map((c) => cell(c, false))] }));
  return [
    new Paragraph({ children: [new TextRun({ text: spec.caption, bold: true })], keepNext: true }),
    new Table({ rows: [head, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
    text(''),
  ];
}

function chart(m: ReportMeasure, images: ReadonlyMap<string, ChartImage> | null): Paragraph[] {
  const image = images?.get(m.chart.id);
  const alt = new Paragraph({ children: [new TextRun({ text: m.chart.alt, italics: true, size: 18 })] });
  if (!image) return [alt];
  const scale = Math.min(1, COLUMN_PX / image.width);
  const run = new ImageRun({
    type: 'png',
    data: image.png,
    transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
    altText: { name: m.chart.id, title: m.chart.title, description: m.chart.alt },
  });
  return [new Paragraph({ keepNext: true, children: [run] }), alt];
}

function measure(m: ReportMeasure, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], images: ReadonlyMap<string, ChartImage> | null) {
  return [heading(m.title, level), text(m.description), ...chart(m, images), ...table(m.table)];
}

function chapter(c: ReportChapter, images: ReadonlyMap<string, ChartImage> | null): Array<Paragraph | Table> {
  return [
    heading(c.title, HeadingLevel.HEADING_1, true),
    text(c.description),
    ...c.measures.flatMap((m) => measure(m, HeadingLevel.HEADING_2, images)),
    ...(c.appraisal
      ? [heading(c.appraisal.heading, HeadingLevel.HEADING_2), text(c.appraisal.intro), ...c.appraisal.measures.flatMap((m) => measure(m, HeadingLevel.HEADING_3, images))]
      : []),
    ...(c.durations ? table(c.durations) : []),
  ];
}

const section = (s: ReportSection, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => [heading(s.heading, level), ...s.paragraphs.map(text)];

function body(model: ReportModel, images: ReadonlyMap<string, ChartImage> | null): Array<Paragraph | Table> {
  const cover = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }), text(model.subtitle), text(model.generatedBy)];
  if (model.kind === 'belowK') return [...cover, ...section(model.notice, HeadingLevel.HEADING_1)];
  return [
    ...cover,
    ...(images ? [] : [new Paragraph({ children: [new TextRun({ text: model.chartsMissing, italics: true })] })]),
    heading(model.summary.heading, HeadingLevel.HEADING_1),
    ...model.summary.paragraphs.map(text),
    ...table(model.summary.keyFigures),
    ...model.chapters.flatMap((c) => chapter(c, images)),
    heading(model.methods.heading, HeadingLevel.HEADING_1, true),
    ...model.methods.sections.flatMap((s) => section(s, HeadingLevel.HEADING_2)),
    heading(model.annex.heading, HeadingLevel.HEADING_1, true),
    text(model.annex.intro),
    ...model.annex.tables.flatMap(table),
  ];
}

/** The footer's "Pagina {page} van {pages}" with Word's own page fields. */
function pageFooter(model: ReportModel): Footer {
  const runs = model.pageNumber.split(/(\{page\}|\{pages\})/).map((part) =>
    part === '{page}' ? new TextRun({ children: [PageNumber.CURRENT] }) : part === '{pages}' ? new TextRun({ children: [PageNumber.TOTAL_PAGES] }) : new TextRun(part),
  );
  return new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: runs })] });
}

/** The report as a .docx file; `images` null when no browser drew the charts. */
export async function reportDocx(model: ReportModel, images: ReadonlyMap<string, ChartImage> | null): Promise<Buffer> {
  const document = new Document({
    title: `${model.title} — ${model.subtitle}`,
    creator: 'Escalatiewijzer',
    styles: { default: { document: { run: { font: 'Calibri', size: 21 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        footers: { default: pageFooter(model) },
        children: body(model, images),
      },
    ],
  });
  return Packer.toBuffer(document);
}
