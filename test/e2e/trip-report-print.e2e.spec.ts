import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../src/seed/demo-data';
import { createTestApp, TestApp } from '../utils/test-app';
import { usingPostgres } from '../utils/test-database';

/*
 * Expected figures are the demo trip's, counted by hand from src/seed/demo-data.ts
 * (see test/e2e/reports.e2e.spec.ts for the derivation):
 * 8 programme items (6 held, 1 planned, 1 cancelled); 6 organisations met, all new;
 * 5 people met, all for the first time; 7 leads, one in each stage, 19,950,000 EUR,
 * 160 jobs; 1 partnership (150,000 EUR, 0 jobs); commitments 1 kept, 3 open, 2 overdue.
 * Programme per local day (Europe/Rome): 13.05. 1 held; 14.05. 3 held;
 * 15.05. 2 held + 1 cancelled; 16.05. 1 planned.
 */
const CHROMIUM = '/usr/bin/chromium';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const NBSP = '\u00a0';

/** The text of every element carrying data-figure="<key>", by key. */
function figuresOf(page: string): Record<string, string> {
  return Object.fromEntries([...page.matchAll(/data-figure="([\w.]+)">([^<]*)</g)].map(([, key, value]) => [key, value]));
}

/** The text of the element carrying data-field="<key>". */
function fieldOf(page: string, key: string): string | undefined {
  return new RegExp(`data-field="${key}">([^<]*)<`).exec(page)?.[1];
}

/** The rows of the table under a heading, as cell texts (markup-escaped, as they are in the page). */
function tableAfter(page: string, heading: string): string[][] {
  const start = page.indexOf(`${heading}</h`);
  expect(start).toBeGreaterThan(-1);
  const body = page.slice(page.indexOf('<tbody>', start), page.indexOf('</tbody>', start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, cell]) => cell));
}

/** The SVG inside <figure id="<id>">. */
function chartSvg(page: string, id: string): string {
  const start = page.indexOf(`<figure class="chart" id="${id}">`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(page.indexOf('<svg', start), page.indexOf('</svg>', start) + 6);
}

/** Texts drawn in an SVG, in order. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, text]) => text);
}

/** YYYY-MM-DD `offset` days from today (UTC, the tests' database zone). */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const german = (isoDay: string) => isoDay.split('-').reverse().join('.');

describe('Printable trip report (GET /reports/trips/:id)', () => {
  let t: TestApp;
  let token: string;
  const path = `/reports/trips/${DEMO_IDS.trip}`;

  const get = (url: string, auth: string | null = token) =>
    fetch(`${t.url}${url}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const page = async (url: string) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    return { res, html: new TextDecoder('utf-8', { fatal: true }).decode(await res.arrayBuffer()) };
  };
  const pdfText = async (url: string) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Kept for a look: the screenshots of the browser test go to the same place.
    writeFileSync(join(tmpdir(), `liaison-trip-report-${usingPostgres() ? 'postgres' : 'pglite'}-${new URL(url, t.url).searchParams.get('lang') ?? 'de'}.pdf`), bytes);
    const parser = new PDFParse({ data: bytes });
    try {
      const { text, total } = await parser.getText();
      return { res, text, pages: total };
    } finally {
      await parser.destroy();
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.transaction((db) => seedDemo(db));
    token = await t.login(DEMO_USERS.staff.email, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  describe('HTML', () => {
    it('is a UTF-8 page, shown inline, with its own script-free policy and no caching', async () => {
      const { res, html } = await page(path);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `inline; filename="reisebericht-delegationsreise-norditalien-2024-${day(0)}.html"`,
      );
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).not.toContain('script-src');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">/);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('@page { size: A4;');
    });

    it('shows the tripReport figures with German labels and formats', async () => {
      const { html } = await page(path);
      expect(html).toContain('<title>Reisebericht: Delegationsreise Norditalien 2024</title>');
      expect(html).toContain('<p class="kicker">Reisebericht · Delegationsreise</p>');
      expect(figuresOf(html)).toEqual({
        'meetings.total': '8',
        'meetings.held': '6',
        'meetings.planned': '1',
        'meetings.cancelled': '1',
        'organisations.total': '6',
        'organisations.new': '6',
        'organisations.alreadyKnown': '0',
        peopleMet: '5',
        peopleMetForFirstTime: '5',
        'leads.opened': '7',
        'leads.estimatedValue': `19.950.000${NBSP}€`,
        'leads.potentialJobs': '160',
        'partnerships.formed': '1',
        'partnerships.valueEur': `150.000${NBSP}€`,
        'partnerships.potentialJobs': '0',
        'commitments.kept': '1',
        'commitments.open': '3',
        'commitments.overdue': '2',
      });
      for (const label of ['Termine im Programm', 'durchgeführt', 'Leads eröffnet', 'geschätzter Wert', 'Zusagen eingehalten', 'überfällig']) {
        expect(html).toContain(label);
      }
      expect(fieldOf(html, 'period')).toBe('13.05.2024 – 16.05.2024');
      expect(fieldOf(html, 'destinations')).toBe('Milano (Italien), Modena (Italien), Bologna (Italien)');
      // Delegation by role, then family name; umlauts as they are (UTF-8), not as entities.
      expect(fieldOf(html, 'delegation')).toBe(
        'Martin Dulig (Leitung), Silvia Queck-Hänel (Delegation), Dirk Vogel (Delegation), Anna Schmidt (Organisation)',
      );
      expect(fieldOf(html, 'asOf')).toBe('heute');
      // The apostrophe is escaped, the accent is not.
      expect(fieldOf(html, 'newContacts')).toBe('Marco Bianchi, Luca Colombo, Dott. Nicolò D&#39;Amico, Prof. Chiara Ferrari, Ing. Giulia Rossi');

      expect(tableAfter(html, 'Leads aus der Reise')).toEqual([
        ['Ansiedlung eines emilianischen Zulieferers in Zwickau', 'Neu', '14.05.2024', `15.000.000${NBSP}€`, '120'],
        ['F&amp;E-Kooperation autonome Fahrzeuge', 'Kontaktiert', '13.06.2024', `1.200.000${NBSP}€`, '–'],
        ['Smart-Infrastructure-Pilot Zwickau mit Siemens Italia', 'Qualifiziert', '13.07.2024', `800.000${NBSP}€`, '–'],
        ['Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', 'In Verhandlung', '12.08.2024', `2.500.000${NBSP}€`, '40'],
        ['Wissensaustausch nachhaltige Fahrzeugproduktion mit Lamborghini', 'Gewonnen', '11.09.2024', `150.000${NBSP}€`, '–'],
        ['Export sächsischer Sensorik an die Stadt Mailand', 'Verloren', '13.07.2024', `300.000${NBSP}€`, '–'],
        ['Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', 'Zurückgestellt', '13.07.2024', '–', '–'],
      ]);
      expect(tableAfter(html, 'Partnerschaften')).toEqual([
        ['Absichtserklärung Wissensaustausch nachhaltige Produktion', '20.09.2024', `150.000${NBSP}€`],
      ]);
      expect(tableAfter(html, 'Offene Zusagen')).toEqual([
        ['Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', '15.06.2024'],
        ['Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren', '01.07.2024'],
        ['Pilotskizze Smart Infrastructure für Zwickau an Siemens Italia', german(day(10))],
      ]);
      expect(tableAfter(html, 'Durchgeführte Termine nach Art')).toEqual([['Besuch', '3'], ['Gespräch', '2'], ['B2B-Gespräche', '1']]);
      expect(tableAfter(html, 'Durchgeführte Termine nach Ort')).toEqual([
        ['Milano', '3'],
        ['Modena', '1'],
        ['Sant&#39;Agata Bolognese', '1'],
        ['Stezzano', '1'],
      ]);
      expect(tableAfter(html, 'Organisationen nach Land')).toEqual([['Italien', '6', '6', '0']]);
      expect(tableAfter(html, 'Organisationen nach Art')).toEqual([
        ['Unternehmen', '3', '3', '0'],
        ['Öffentliche Verwaltung', '3', '3', '0'],
      ]);
    });

    it('draws the funnel of leads by stage and the meetings per day as inline SVG', async () => {
      const { html } = await page(path);
      const funnel = chartSvg(html, 'funnel-chart');
      expect(funnel).toMatch(/^<svg width="640" height="300" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svgTexts(funnel)).toEqual(
        ['Neu', 'Kontaktiert', 'Qualifiziert', 'In Verhandlung', 'Gewonnen', 'Verloren', 'Zurückgestellt'].map((stage) => `${stage}: 1`),
      );
      // One funnel segment per stage.
      expect(funnel.match(/<polygon [^>]*ecmeta_series_index="0"/g)).toHaveLength(7);

      const meetings = chartSvg(html, 'meetings-chart');
      const texts = svgTexts(meetings);
      expect(texts).toEqual(expect.arrayContaining(['Mo., 13.05.', 'Di., 14.05.', 'Mi., 15.05.', 'Do., 16.05.', 'durchgeführt', 'geplant', 'abgesagt']));
      // Bar segments by series (0 held, 1 planned, 2 cancelled) and day, with their heights: 1, 3, 2 held; 1 planned; 1 cancelled.
      const heights = new Map<string, number>();
      for (const [, d, series, index] of meetings.matchAll(/<path d="M[\d.]+ [\d.]+l[\d.]+ 0l0 (-?[\d.]+)[^"]*"[^>]*ecmeta_series_index="(\d)" ecmeta_data_index="(\d)"/g)) {
        if (Number(d) !== 0) heights.set(`${series}:${index}`, -Number(d));
      }
      expect([...heights.keys()].sort()).toEqual(['0:0', '0:1', '0:2', '1:3', '2:2']);
      const unit = heights.get('0:0')!;
      expect(heights.get('0:1')! / unit).toBeCloseTo(3, 1);
      expect(heights.get('0:2')! / unit).toBeCloseTo(2, 1);
      expect(heights.get('1:3')! / unit).toBeCloseTo(1, 1);
      expect(heights.get('2:2')! / unit).toBeCloseTo(1, 1);
    });

    it('speaks English with ?lang=en', async () => {
      const { res, html } = await page(`${path}?lang=en`);
      expect(res.headers.get('content-disposition')).toContain('filename="trip-report-delegationsreise-norditalien-2024-');
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<title>Trip report: Delegationsreise Norditalien 2024</title>');
      expect(html).toContain('<p class="kicker">Trip report · Delegation trip</p>');
      expect(figuresOf(html)).toMatchObject({ 'leads.opened': '7', 'leads.estimatedValue': '€19,950,000', 'partnerships.valueEur': '€150,000' });
      expect(html).toContain('Leads opened');
      expect(fieldOf(html, 'period')).toBe('13 May 2024 – 16 May 2024');
      expect(fieldOf(html, 'destinations')).toBe('Milano (Italy), Modena (Italy), Bologna (Italy)');
      expect(fieldOf(html, 'delegation')).toContain('Martin Dulig (head)');
      expect(tableAfter(html, 'Leads from the trip').map((row) => [row[1], row[2]])).toEqual([
        ['New', '14 May 2024'],
        ['Contacted', '13 Jun 2024'],
        ['Qualified', '13 Jul 2024'],
        ['Negotiating', '12 Aug 2024'],
        ['Won', '11 Sept 2024'],
        ['Lost', '13 Jul 2024'],
        ['On hold', '13 Jul 2024'],
      ]);
      expect(svgTexts(chartSvg(html, 'funnel-chart'))).toContain('Negotiating: 1');
      expect(svgTexts(chartSvg(html, 'meetings-chart'))).toEqual(expect.arrayContaining(['Mon 13 May', 'Thu 16 May', 'held', 'planned', 'cancelled']));
      expect(html).not.toContain('Reisebericht');
    });

    it('passes asOf through to tripReport', async () => {
      // 2024-05-31: every lead still NEW, nothing signed or kept; the programme is the trip itself.
      const { html } = await page(`${path}?asOf=2024-05-31`);
      expect(fieldOf(html, 'asOf')).toBe('Ende des 31.05.2024');
      expect(figuresOf(html)).toMatchObject({
        'meetings.total': '8',
        'leads.opened': '7',
        'partnerships.formed': '0',
        'partnerships.valueEur': `0${NBSP}€`,
        'commitments.kept': '0',
        'commitments.open': '4',
        'commitments.overdue': '0',
      });
      expect(svgTexts(chartSvg(html, 'funnel-chart'))).toEqual(['Neu: 7']);
      expect(tableAfter(html, 'Leads aus der Reise').every((row) => row[1] === 'Neu' && row[2] === '14.05.2024')).toBe(true);
    });

    it('escapes every piece of data: a trip named <script> renders as text', async () => {
      const name = `<script>alert('x')</script> Ölmühle & Co "Città"`;
      const created = await t.gql(
        `mutation ($input: CreateTripInput!) { createTrip(input: $input) { id } }`,
        {
          input: {
            name,
            kind: 'TRADE_FAIR',
            startDate: '2024-06-03',
            endDate: '2024-06-05',
            destinations: [{ city: '<b>Brno</b>', country: 'CZ' }],
            objectives: '<img src=x onerror="alert(1)">',
            delegation: [{ personId: DEMO_IDS.person('queck-haenel'), role: 'HEAD' }],
          },
        },
        token,
      );
      expect(created.errors).toBeUndefined();
      const { html } = await page(`/reports/trips/${created.data.createTrip.id}`);
      expect(html).not.toMatch(/<script|<img|<b>/i);
      expect(html).toContain(
        '<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ölmühle &amp; Co &quot;Città&quot;</h1>',
      );
      expect(html).toContain('<title>Reisebericht: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ölmühle &amp; Co &quot;Città&quot;</title>');
      expect(fieldOf(html, 'destinations')).toBe('&lt;b&gt;Brno&lt;/b&gt; (Tschechien)');
      expect(fieldOf(html, 'objectives')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
      expect(fieldOf(html, 'delegation')).toBe('Silvia Queck-Hänel (Leitung)');
      // No meetings or leads: both charts say so instead of staying blank.
      expect(svgTexts(chartSvg(html, 'funnel-chart'))).toEqual(['Keine Leads aus dieser Reise']);
      expect(svgTexts(chartSvg(html, 'meetings-chart'))).toEqual(['Keine Termine im Programm']);
      expect(figuresOf(html)).toMatchObject({ 'meetings.total': '0', 'leads.opened': '0', 'leads.estimatedValue': `0${NBSP}€` });
    });
  });

  describe('PDF', () => {
    it('holds the same figures, umlauts and accents, charts included, as an attachment', async () => {
      const { res, text, pages } = await pdfText(`${path}?format=pdf`);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="reisebericht-delegationsreise-norditalien-2024-${day(0)}.pdf"`,
      );
      const flat = text.replace(/\s+/g, ' ');
      for (const expected of [
        'REISEBERICHT · DELEGATIONSREISE',
        'Delegationsreise Norditalien 2024',
        '13.05.2024 – 16.05.2024',
        'Martin Dulig (Leitung), Silvia Queck-Hänel (Delegation)',
        '8 Termine im Programm',
        '6 durchgeführt',
        '7 Leads eröffnet',
        '19.950.000 € geschätzter Wert',
        '160 potenzielle Arbeitsplätze',
        '150.000 € Wert',
        '2 überfällig',
        'Dott. Nicolò D\'Amico',
        'Absichtserklärung Wissensaustausch nachhaltige Produktion',
        'Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo',
        'Öffentliche Verwaltung',
        // Chart labels, drawn from the SVG.
        'In Verhandlung: 1',
        'Zurückgestellt: 1',
        'Mo., 13.05.',
        'Seite 1 von',
      ]) {
        expect(flat).toContain(expected);
      }
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(flat).toContain(`Seite ${pages} von ${pages}`);
    });

    it('speaks English and takes asOf', async () => {
      const { res, text } = await pdfText(`${path}?format=pdf&lang=en&asOf=2024-08-31`);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="trip-report-delegationsreise-norditalien-2024-2024-08-31.pdf"');
      const flat = text.replace(/\s+/g, ' ');
      for (const expected of ['TRIP REPORT · DELEGATION TRIP', '7 Leads opened', '€19,950,000 estimated value', 'end of 31 Aug 2024', 'Negotiating: 2', 'Page 1 of']) {
        expect(flat).toContain(expected);
      }
      expect(flat).not.toContain('Won: ');
    });
  });

  describe('errors', () => {
    it('answers 401 without a token', async () => {
      const res = await get(path, null);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await get(`${path}?format=pdf`, 'not-a-token')).status).toBe(401);
    });

    it('answers 404 for an unknown trip', async () => {
      const res = await get(`/reports/trips/${UNKNOWN}?format=pdf`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', field: 'id', message: `Trip ${UNKNOWN} not found` });
    });

    it.each([
      ['/reports/trips/milan', 'id', 'id must be a UUID'],
      [`${path}?lang=fr`, 'lang', 'lang must be de or en'],
      [`${path}?lang=`, 'lang', 'lang must be de or en'],
      [`${path}?format=docx`, 'format', 'format must be html or pdf'],
      [`${path}?asOf=2024-02-30`, 'asOf', 'asOf must be a date YYYY-MM-DD'],
      [`${path}?asOf=31.05.2024`, 'asOf', 'asOf must be a date YYYY-MM-DD'],
      [`${path}?as_of=2024-05-31`, 'as_of', 'property as_of should not exist'],
    ])('answers 400 for %s naming %s', async (url, field, message) => {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'BAD_USER_INPUT', field, message });
    });

    it('lets a VIEWER read it', async () => {
      const viewer = await t.login(DEMO_USERS.ministry.email, DEMO_PASSWORD);
      expect((await get(path, viewer)).status).toBe(200);
      expect((await get(`${path}?format=pdf`, viewer)).status).toBe(200);
    });
  });

  describe('in a real browser (headless Chromium)', () => {
    it('lays the charts out visibly and draws the funnel in colour', async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install chromium" (as root; .ci/run does this)`);
      }
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const context = await browser.newContext({
          extraHTTPHeaders: { authorization: `Bearer ${token}` },
          viewport: { width: 1000, height: 1400 },
        });
        const tab = await context.newPage();
        const dialogs: string[] = [];
        tab.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        const response = await tab.goto(`${t.url}${path}`);
        expect(response?.status()).toBe(200);
        expect(await tab.title()).toBe('Reisebericht: Delegationsreise Norditalien 2024');
        // The page's CSP let the stylesheet apply: the A4 sheet is 210mm (about 794 CSS px) wide.
        expect(await tab.locator('main').evaluate((main) => Math.round(main.getBoundingClientRect().width))).toBe(794);

        for (const id of ['funnel-chart', 'meetings-chart']) {
          const box = await tab.locator(`#${id} svg`).boundingBox();
          expect(box).not.toBeNull();
          expect(box!.width).toBeGreaterThan(300);
          expect(box!.height).toBeGreaterThan(100);
        }
        const funnel = PNG.sync.read(await tab.locator('#funnel-chart svg').screenshot());
        const colours = new Set<number>();
        let inked = 0;
        for (let i = 0; i < funnel.data.length; i += 4) {
          const [r, g, b] = [funnel.data[i], funnel.data[i + 1], funnel.data[i + 2]];
          colours.add((r << 16) | (g << 8) | b);
          if (r < 235 || g < 235 || b < 235) inked += 1;
        }
        // Seven stage colours plus white labels and anti-aliasing; a good share of the area painted.
        expect(colours.size).toBeGreaterThan(20);
        expect(inked / (funnel.width * funnel.height)).toBeGreaterThan(0.25);
        // The stage colours themselves: NEW's light blue and WON's green.
        const has = (hex: number) => [...colours].some((c) => c === hex);
        expect(has(0x9bb7d4)).toBe(true);
        expect(has(0x2e7d32)).toBe(true);

        const run = usingPostgres() ? 'postgres' : 'pglite';
        writeFileSync(join(tmpdir(), `liaison-trip-report-${run}-funnel.png`), PNG.sync.write(funnel));
        writeFileSync(join(tmpdir(), `liaison-trip-report-${run}-page.png`), await tab.screenshot({ fullPage: true }));

        // A trip whose name is markup runs nothing in the browser either.
        const created = await t.gql(
          `mutation ($input: CreateTripInput!) { createTrip(input: $input) { id } }`,
          { input: { name: `<img src=x onerror="alert('name')"><script>alert('script')</script>`, kind: 'CONFERENCE', startDate: '2024-07-01', endDate: '2024-07-01' } },
          token,
        );
        await tab.goto(`${t.url}/reports/trips/${created.data.createTrip.id}`);
        expect(await tab.locator('script, img').count()).toBe(0);
        expect(await tab.locator('h1').textContent()).toBe(`<img src=x onerror="alert('name')"><script>alert('script')</script>`);
        expect(dialogs).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });
});
