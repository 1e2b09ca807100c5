#!/usr/bin/env node
// Report-sized data for issue 5 ("Speed"): about 5k organisations, 30k people,
// 2k trips, 1,000,000 meetings, 200,000 leads with their stage history, 100k
// tasks and 5k partnerships, spread over 2015-2026.
//   node bench/generate-report-data.js [postgres-url] [--scale F]
// --scale F (default 1) multiplies the meetings, leads, trips, tasks and
// partnerships, and sets the search's sizes (issue 14): 100,000 x F
// organisations and 500,000 x F people, at least the 5,000 and 30,000 the
// reports use. The organisations and people beyond those have no meetings or
// leads: they carry name variety, emails with their organisation's domain and
// phones (two thirds of them) for the search. F = 1 is the search bench's full
// size, F = 0.1 its embedded-database size (50,000 people).
// default postgres://postgres@127.0.0.1:5432/liaison_bench. DROPS and recreates
// that database, applies the migrations of the built app (dist/, or the build
// named by LIAISON_DIST), then fills it with set-based SQL (a few minutes).
// Ids are derived from numbers (bench_id), and random() is seeded, so two runs
// produce the same data. Runs only against 127.0.0.1/localhost.
//
// The load runs with session_replication_role = replica: the audit trigger
// (and the foreign-key triggers) do not fire, so no audit_log rows are written
// for the generated data and the load is not slowed by a trigger per row. The
// generator keeps every reference valid itself; it checks them at the end. The
// reports' derived tables, whose triggers did not fire either, are rebuilt
// after the load with their refresh functions.
const { Client } = require('pg');
const { join } = require('node:path');

const DIST = process.env.LIAISON_DIST ?? join(__dirname, '../dist');
const args = process.argv.slice(2);
const scaleAt = args.indexOf('--scale');
const SCALE = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 1;
if (!(SCALE > 0 && SCALE <= 10)) throw new Error('--scale must be a number above 0 and at most 10');
/** A count of the full-size data, scaled. */
const scaled = (count) => Math.max(1, Math.round(count * SCALE));
const url = args[0] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench';
const PASSWORD = 'bench-password-2026';
const TOTAL_MEETINGS = scaled(1_000_000);
const TRIP_MEETINGS = scaled(850_000);
const ORGANISATIONS = Math.max(5000, scaled(100_000));
const PEOPLE = Math.max(30000, scaled(500_000));

const parsed = new URL(url);
if (!['127.0.0.1', 'localhost'].includes(parsed.hostname)) throw new Error(`refusing to drop a database on ${parsed.hostname}`);
const dbName = parsed.pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`unexpected database name ${dbName}`);

const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

async function recreateDatabase() {
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
}

async function migrate() {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(join(DIST, 'src/database/data-source-options.js'));
  const dataSource = new DataSource(await buildDataSourceOptions({ kind: 'postgres', url }, { migrationsRun: false }));
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return applied.length;
}

/** Geography: [country, region, NUTS, city, time zone, weight]; Saxony weighs most, it is the home region. */
const PLACES = [
  ['DE', 'Sachsen', 'DED2', 'Dresden', 'Europe/Berlin', 10], ['DE', 'Sachsen', 'DED5', 'Leipzig', 'Europe/Berlin', 8],
  ['DE', 'Sachsen', 'DED4', 'Chemnitz', 'Europe/Berlin', 6], ['DE', 'Sachsen', 'DED45', 'Zwickau', 'Europe/Berlin', 4],
  ['DE', 'Bayern', 'DE21', 'München', 'Europe/Berlin', 3], ['DE', 'Bayern', 'DE25', 'Nürnberg', 'Europe/Berlin', 2],
  ['DE', 'Baden-Württemberg', 'DE11', 'Stuttgart', 'Europe/Berlin', 3], ['DE', 'Berlin', 'DE30', 'Berlin', 'Europe/Berlin', 3],
  ['DE', 'Nordrhein-Westfalen', 'DEA2', 'Köln', 'Europe/Berlin', 2], ['DE', 'Thüringen', 'DEG0', 'Jena', 'Europe/Berlin', 2],
  ['IT', 'Lombardia', 'ITC4', 'Milano', 'Europe/Rome', 6], ['IT', 'Lombardia', 'ITC46', 'Bergamo', 'Europe/Rome', 2],
  ['IT', 'Lombardia', 'ITC47', 'Brescia', 'Europe/Rome', 2], ['IT', 'Emilia-Romagna', 'ITH55', 'Bologna', 'Europe/Rome', 4],
  ['IT', 'Emilia-Romagna', 'ITH54', 'Modena', 'Europe/Rome', 3], ['IT', 'Piemonte', 'ITC11', 'Torino', 'Europe/Rome', 3],
  ['IT', 'Veneto', 'ITH31', 'Verona', 'Europe/Rome', 2], ['IT', 'Toscana', 'ITI14', 'Firenze', 'Europe/Rome', 1],
  ['FR', 'Île-de-France', 'FR10', 'Paris', 'Europe/Paris', 4], ['FR', 'Auvergne-Rhône-Alpes', 'FRK26', 'Lyon', 'Europe/Paris', 3],
  ['FR', 'Auvergne-Rhône-Alpes', 'FRK24', 'Grenoble', 'Europe/Paris', 1], ['FR', 'Occitanie', 'FRJ23', 'Toulouse', 'Europe/Paris', 2],
  ['FR', 'Grand Est', 'FRF11', 'Strasbourg', 'Europe/Paris', 1],
  ['AT', 'Wien', 'AT13', 'Wien', 'Europe/Vienna', 4], ['AT', 'Oberösterreich', 'AT31', 'Linz', 'Europe/Vienna', 2],
  ['AT', 'Steiermark', 'AT22', 'Graz', 'Europe/Vienna', 2],
  ['CZ', 'Praha', 'CZ01', 'Praha', 'Europe/Prague', 3], ['CZ', 'Ústecký kraj', 'CZ042', 'Ústí nad Labem', 'Europe/Prague', 2],
  ['CZ', 'Jihomoravský kraj', 'CZ064', 'Brno', 'Europe/Prague', 2],
  ['PL', 'Dolnośląskie', 'PL51', 'Wrocław', 'Europe/Warsaw', 3], ['PL', 'Mazowieckie', 'PL91', 'Warszawa', 'Europe/Warsaw', 2],
  ['PL', 'Małopolskie', 'PL21', 'Kraków', 'Europe/Warsaw', 2],
  ['ES', 'Cataluña', 'ES51', 'Barcelona', 'Europe/Madrid', 2], ['ES', 'Comunidad de Madrid', 'ES30', 'Madrid', 'Europe/Madrid', 2],
  ['NL', 'Noord-Brabant', 'NL41', 'Eindhoven', 'Europe/Amsterdam', 2], ['NL', 'Noord-Holland', 'NL32', 'Amsterdam', 'Europe/Amsterdam', 1],
  ['CH', 'Zürich', 'CH04', 'Zürich', 'Europe/Zurich', 2], ['CH', 'Basel-Stadt', 'CH03', 'Basel', 'Europe/Zurich', 1],
  ['US', 'Michigan', null, 'Detroit', 'America/Detroit', 2], ['US', 'California', null, 'San Francisco', 'America/Los_Angeles', 1],
  ['CN', 'Shanghai', null, 'Shanghai', 'Asia/Shanghai', 1], ['CN', 'Guangdong', null, 'Shenzhen', 'Asia/Shanghai', 1],
];

const sqlText = (value) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);
const sqlArray = (values) => `ARRAY[${values.map(sqlText).join(', ')}]`;

const TOPICS = [
  'reshoring of automotive value chains', 'electromobility', 'battery cells', 'hydrogen', 'smart city', 'smart infrastructure',
  'autonomous vehicles', 'sustainable vehicle production', 'microelectronics', 'semiconductors', 'lightweight construction',
  'mechanical engineering', 'life sciences', 'logistics', 'skilled workers', 'renewable energy',
];
const FIRST = { de: ['Anna', 'Thomas', 'Katrin', 'Michael', 'Sabine', 'Stefan', 'Julia', 'Andreas', 'Claudia', 'Markus', 'Petra', 'Jens', 'Susanne', 'Frank', 'Maria', 'Uwe', 'Silvia', 'Dirk'],
  it: ['Giulia', 'Marco', 'Luca', 'Chiara', 'Francesca', 'Alessandro', 'Matteo', 'Sara', 'Paolo', 'Elena', 'Davide', 'Valentina', 'Nicolò'],
  fr: ['Camille', 'Julien', 'Sophie', 'Nicolas', 'Claire', 'Pierre', 'Élodie', 'Antoine', 'Léa'],
  xx: ['Jan', 'Eva', 'Petr', 'Tomasz', 'Katarzyna', 'Lucía', 'Carlos', 'Pieter', 'Emma', 'John', 'Wei', 'Lina', 'Marta'] };
const FAMILY = { de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Krause', 'Lehmann', 'Hänel', 'Vogel'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', "D'Amico"],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Lefèvre'],
  xx: ['Novák', 'Kowalski', 'Nowak', 'García', 'Fernández', 'de Vries', 'Jansen', 'Smith', 'Johnson', 'Wang', 'Zhang', 'Huber', 'Gruber'] };

/** Each step: a label and its SQL, run in order on one session. */
const STEPS = [
  ['session', `
    SET session_replication_role = replica;
    SET synchronous_commit = off;
    SET work_mem = '256MB';
    SET maintenance_work_mem = '512MB';
    SET max_parallel_workers_per_gather = 0;
    SET TimeZone = 'UTC';
    SELECT setseed(0.5);
    -- A stable, v4-shaped uuid for the n-th record of a kind.
    CREATE FUNCTION pg_temp.bench_id(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid FROM md5(kind || ':' || n) AS h $$;
    CREATE TEMP TABLE places (country char(2), region text, nuts text, city text, tz text, weight int);
    INSERT INTO places VALUES ${PLACES.map((p) => `(${p.slice(0, 5).map(sqlText).join(', ')}, ${p[5]})`).join(', ')};
    CREATE TEMP TABLE place_pool AS SELECT row_number() OVER () AS i, p.* FROM places p, generate_series(1, p.weight);
    CREATE TEMP TABLE names (lang text, first text[], family text[]);
    INSERT INTO names VALUES ${Object.keys(FIRST).map((l) => `('${l}', ${sqlArray(FIRST[l])}, ${sqlArray(FAMILY[l])})`).join(', ')};`],

  ['users', (db, passwordHash) => db.query(`
    INSERT INTO users (id, email, display_name, password_hash, role, created_at, updated_at)
    SELECT pg_temp.bench_id('user', u), format('bench.user%s@wfs.example', lpad(u::text, 2, '0')),
           format('%s %s (bench)', n.first[1 + (u * 7) % array_length(n.first, 1)], n.family[1 + (u * 11) % array_length(n.family, 1)]),
           $1, 'STAFF'::user_role, timestamptz '2015-01-01', timestamptz '2015-01-01'
      FROM generate_series(1, 50) u, names n WHERE n.lang = 'de'
    UNION ALL
    SELECT pg_temp.bench_id('user', 0), 'bench.admin@wfs.example', 'Bench Admin', $1, 'ADMIN', timestamptz '2015-01-01', timestamptz '2015-01-01'`, [passwordHash])],

  ['organisations', `
    CREATE TEMP TABLE g_orgs AS
    SELECT n, pp.country, pp.region, pp.nuts, pp.city, pp.tz,
           CASE WHEN n = 1 THEN 'PUBLIC_AUTHORITY' WHEN n = 2 THEN 'MINISTRY'
                WHEN r < 0.70 THEN 'COMPANY' WHEN r < 0.80 THEN 'PUBLIC_AUTHORITY' WHEN r < 0.88 THEN 'RESEARCH'
                WHEN r < 0.93 THEN 'ASSOCIATION' WHEN r < 0.96 THEN 'NETWORK' WHEN r < 0.98 THEN 'MINISTRY' ELSE 'OTHER' END::organisation_kind AS kind,
           s1, s2, s3
      FROM (SELECT n, random() AS r, random() AS s1, random() AS s2, random() AS s3,
                   CASE WHEN n <= 2 THEN 1 ELSE 1 + floor(random() * (SELECT count(*) FROM place_pool))::int END AS pick
              FROM generate_series(1, 5000) n) g
      JOIN place_pool pp ON pp.i = g.pick;
    ALTER TABLE g_orgs ADD COLUMN name text;
    UPDATE g_orgs SET name = CASE
        WHEN n = 1 THEN 'Wirtschaftsförderung Sachsen'
        WHEN n = 2 THEN 'Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr'
        WHEN kind = 'COMPANY' THEN (ARRAY['Bre','Sta','Lum','Nor','Ter','Ald','Vit','Kro','Mar','Sil','Pol','Ves','Gra','Fer','Del','Hel','Zen','Ori','Cal','Tes'])[1 + floor(s1 * 20)::int]
             || (ARRAY['mbo','rix','tec','ana','ovo','ion','tal','is','ara','eno','ux','ia'])[1 + floor(s2 * 12)::int] || ' '
             || (ARRAY['Automotive','Components','Systems','Mobility','Engineering','Solutions','Logistics','Energy','Robotics','Materials','Sensors','Microelectronics'])[1 + floor(s3 * 12)::int]
             || CASE country WHEN 'DE' THEN ' GmbH' WHEN 'AT' THEN ' GmbH' WHEN 'CH' THEN ' AG' WHEN 'IT' THEN ' S.p.A.' WHEN 'FR' THEN ' SAS'
                             WHEN 'CZ' THEN ' s.r.o.' WHEN 'PL' THEN ' Sp. z o.o.' WHEN 'ES' THEN ' S.L.' WHEN 'NL' THEN ' B.V.' WHEN 'US' THEN ' Inc.' ELSE ' Co., Ltd.' END
        WHEN kind = 'PUBLIC_AUTHORITY' THEN CASE WHEN s1 < 0.3 THEN 'Region ' || region
             ELSE CASE country WHEN 'DE' THEN 'Stadtverwaltung ' WHEN 'AT' THEN 'Magistrat ' WHEN 'IT' THEN 'Comune di ' WHEN 'FR' THEN 'Ville de ' ELSE 'City of ' END || city END
        WHEN kind = 'MINISTRY' THEN 'Ministry of Economic Affairs, ' || region
        WHEN kind = 'RESEARCH' THEN (ARRAY['Institute for ','Centre for ','Laboratory of '])[1 + floor(s1 * 3)::int]
             || (ARRAY['Automotive','Materials','Microelectronics','Energy','Mobility','Production'])[1 + floor(s2 * 6)::int] || ' Research ' || city
        WHEN kind = 'ASSOCIATION' THEN 'Chamber of Commerce ' || city
        WHEN kind = 'NETWORK' THEN (ARRAY['Automotive','Hydrogen','Battery','Silicon','Mobility'])[1 + floor(s1 * 5)::int] || ' Network ' || region
        ELSE 'Foundation ' || city || ' ' || n END;
    INSERT INTO organisations (id, name, kind, country, region, nuts_code, city, website, sectors, description, archived_at, created_at, updated_at)
    SELECT pg_temp.bench_id('org', n), left(name, 200), kind, country, region, nuts, city,
           'https://org' || n || '.example', ARRAY[(${sqlArray(TOPICS.slice(0, 12))})[1 + floor(s2 * 12)::int]],
           CASE WHEN s3 < 0.2 THEN 'Generated for the report benchmark.' END,
           CASE WHEN n > 2 AND s1 > 0.99 THEN timestamptz '2024-01-01' END,
           timestamptz '2014-06-01' + s3 * interval '3000 days', timestamptz '2014-06-01' + s3 * interval '3000 days'
      FROM g_orgs;
    CREATE TEMP TABLE saxon_orgs AS SELECT row_number() OVER (ORDER BY n) AS rn, n FROM g_orgs WHERE region = 'Sachsen' AND n > 2;
    CREATE TEMP TABLE orgs_by_country AS SELECT country, row_number() OVER (PARTITION BY country ORDER BY n) AS rn, n FROM g_orgs;
    CREATE UNIQUE INDEX ON orgs_by_country (country, rn);
    CREATE TEMP TABLE country_counts AS SELECT country, count(*) AS orgs FROM orgs_by_country GROUP BY country;`],

  ['people and affiliations', `
    -- Person p works (primarily) at organisation ((p - 1) % 5000) + 1: six people per organisation.
    INSERT INTO people (id, given_name, family_name, preferred_language, background, emails, created_at, updated_at)
    SELECT pg_temp.bench_id('person', p), nm.first[1 + floor(random() * array_length(nm.first, 1))::int],
           nm.family[1 + floor(random() * array_length(nm.family, 1))::int], l.lang, NULL,
           jsonb_build_array(jsonb_build_object('address', 'person' || p || '@org' || o.n || '.example', 'label', 'work', 'primary', true)),
           c.at, c.at
      FROM generate_series(1, 30000) p
      JOIN g_orgs o ON o.n = ((p - 1) % 5000) + 1
      CROSS JOIN LATERAL (SELECT CASE WHEN o.country IN ('DE', 'AT', 'CH') THEN 'de' WHEN o.country = 'IT' THEN 'it' WHEN o.country = 'FR' THEN 'fr' ELSE 'xx' END AS lang) l
      JOIN names nm ON nm.lang = l.lang
      CROSS JOIN LATERAL (SELECT timestamptz '2014-06-01' + random() * interval '4000 days' + (p % 2) * interval '0 s' AS at) c;
    INSERT INTO affiliations (id, person_id, organisation_id, job_title, start_date, end_date, is_primary)
    SELECT pg_temp.bench_id('affiliation', p), pg_temp.bench_id('person', p), pg_temp.bench_id('org', ((p - 1) % 5000) + 1),
           (ARRAY['Managing Director','Head of Purchasing','Project Manager','Business Development','Head of International Affairs','Engineer','Mayor','Cluster Manager'])[1 + floor(random() * 8)::int],
           date '2005-01-01' + floor(random() * 5500)::int, NULL, true
      FROM generate_series(1, 30000) p;
    INSERT INTO affiliations (id, person_id, organisation_id, job_title, start_date, end_date, is_primary)
    SELECT pg_temp.bench_id('affiliation', 100000 + p), pg_temp.bench_id('person', p), pg_temp.bench_id('org', 1 + floor(random() * 5000)::int),
           'Former position', date '2000-01-01' + d, date '2000-01-01' + d + 400 + floor(random() * 2000)::int, false
      FROM generate_series(1, 30000) p, LATERAL (SELECT floor(random() * 3000)::int + (p % 1) AS d) x
     WHERE random() < 0.15;
    CREATE TEMP TABLE saxon_people AS
      SELECT row_number() OVER (ORDER BY s.n, k) AS rn, s.n + 5000 * k AS p FROM saxon_orgs s, generate_series(0, 5) k;`],

  ['search: more organisations and people', `
    -- Issue 14's sizes: organisations 5001.. and people 30001.. for the search, without meetings or leads.
    -- Names are built from syllables, so they repeat about as often as real ones do.
    CREATE TEMP TABLE g_more_orgs AS
    SELECT n, pp.country, pp.region, pp.nuts, pp.city,
           (ARRAY['Bre','Sta','Lum','Nor','Ter','Ald','Vit','Kro','Mar','Sil','Pol','Ves','Gra','Fer','Del','Hel','Zen','Ori','Cal','Tes',
                  'Ama','Bel','Cor','Dun','Eri','Fal','Gol','Har','Ist','Jor','Kal','Lin','Mon','Nev','Ost','Pra','Qua','Ros','Sal','Tor'])[1 + floor(s1 * 40)::int]
             || (ARRAY['mbo','rix','tec','ana','ovo','ion','tal','is','ara','eno','ux','ia','dor','wen','lith','mar','sen','tra','vel','zio',
                       'ko','lan','mex','nis','ped','rum','sto','tiv','ul','wa'])[1 + floor(s2 * 30)::int] AS brand,
           (ARRAY['Automotive','Components','Systems','Mobility','Engineering','Solutions','Logistics','Energy','Robotics','Materials','Sensors',
                  'Microelectronics','Präzisionsteile','Antriebstechnik','Kunststofftechnik','Meccanica','Elettronica','Stampaggio'])[1 + floor(s3 * 18)::int] AS trade,
           CASE pp.country WHEN 'DE' THEN ' GmbH' WHEN 'AT' THEN ' GmbH' WHEN 'CH' THEN ' AG' WHEN 'IT' THEN ' S.p.A.' WHEN 'FR' THEN ' SAS'
                           WHEN 'CZ' THEN ' s.r.o.' WHEN 'PL' THEN ' Sp. z o.o.' ELSE ' Ltd.' END AS form,
           timestamptz '2014-06-01' + s3 * interval '4000 days' AS at
      FROM (SELECT n, random() AS s1, random() AS s2, random() AS s3, 1 + floor(random() * (SELECT count(*) FROM place_pool))::int AS pick
              FROM generate_series(5001, ${ORGANISATIONS}) n) g
      JOIN place_pool pp ON pp.i = g.pick;
    INSERT INTO organisations (id, name, kind, country, region, nuts_code, city, website, sectors, created_at, updated_at)
    SELECT pg_temp.bench_id('org', n), brand || ' ' || trade || form, 'COMPANY', country, region, nuts, city,
           'https://www.' || lower(brand) || n || '.example', ARRAY['automotive'], at, at
      FROM g_more_orgs;
    INSERT INTO people (id, given_name, family_name, preferred_language, background, emails, phones, created_at, updated_at)
    SELECT pg_temp.bench_id('person', p), given, family, lang,
           CASE WHEN r3 < 0.4 THEN (ARRAY['Met at the trade fair in ', 'Kennengelernt auf der Delegationsreise nach ', 'Incontrato alla fiera di ',
                                          'Contact from the supplier day in '])[1 + floor(r3 * 10)::int] || city || '.' END,
           jsonb_build_array(jsonb_build_object('address', replace(liaison_fold(given), ' ', '') || '.' || replace(liaison_fold(family), ' ', '')
                                                           || '@' || lower(brand) || n || '.example', 'label', 'work', 'primary', true)),
           CASE WHEN r4 < 0.67 THEN jsonb_build_array(jsonb_build_object('number',
                  CASE country WHEN 'DE' THEN '+49351' || lpad(floor(r5 * 10000000)::text, 7, '0')
                               WHEN 'IT' THEN '+3902' || lpad(floor(r5 * 100000000)::text, 8, '0')
                               ELSE '+331' || lpad(floor(r5 * 100000000)::text, 8, '0') END, 'label', 'office', 'primary', true)) ELSE '[]'::jsonb END,
           at, at
      FROM (SELECT p, o.n, o.brand, o.country, o.city, l.lang, random() AS r3, random() AS r4, random() AS r5,
                   nm.first[1 + floor(random() * array_length(nm.first, 1))::int] AS given,
                   CASE WHEN random() < 0.4 THEN nm.family[1 + floor(random() * array_length(nm.family, 1))::int]
                        ELSE (ARRAY['Ber','Kra','Lo','Sch','Wie','Hof','Mel','Zan','Fio','Ros','Cor','Gal','Bor','Ver','Pal','Mor','Dob','Nov','Kow','Hal'])[1 + floor(random() * 20)::int]
                             || (ARRAY['ner','mann','ger','ini','elli','etti','ová','ski','berg','hofer','ato','aldi','mayr','ek','in'])[1 + floor(random() * 15)::int] END AS family,
                   o.at + random() * interval '300 days' AS at
              FROM generate_series(30001, ${PEOPLE}) p
              JOIN g_more_orgs o ON o.n = 5001 + (p - 30001) % (${ORGANISATIONS} - 5000)
              CROSS JOIN LATERAL (SELECT CASE WHEN o.country IN ('DE', 'AT', 'CH') THEN 'de' WHEN o.country = 'IT' THEN 'it' WHEN o.country = 'FR' THEN 'fr' ELSE 'xx' END AS lang) l
              JOIN names nm ON nm.lang = l.lang) x;
    INSERT INTO affiliations (id, person_id, organisation_id, job_title, start_date, end_date, is_primary)
    SELECT pg_temp.bench_id('search-affiliation', p), pg_temp.bench_id('person', p), pg_temp.bench_id('org', 5001 + (p - 30001) % (${ORGANISATIONS} - 5000)),
           'Project Manager', date '2010-01-01' + (p % 4000), NULL, true
      FROM generate_series(30001, ${PEOPLE}) p;`],

  ['trips and delegations', `
    CREATE TEMP TABLE g_trips AS
    SELECT t, kind, start_date, days, country, tz, cities, organiser, weight, hosts,
           round(${TRIP_MEETINGS} * weight / sum(weight) OVER ())::int AS meetings, 4 + floor(random() * 22)::int AS delegates
      FROM (
        SELECT g.t, g.kind, g.start_date, g.days, g.country, pl.tz, g.organiser,
               exp(g.w * 4) * CASE g.kind WHEN 'TRADE_FAIR' THEN 3 ELSE 1 END AS weight,
               -- the main destination first, then up to two more cities of the same country
               ARRAY[pl.city] || ARRAY(SELECT c.city FROM (SELECT DISTINCT p.city FROM places p
                                                             WHERE p.country = g.country AND p.city <> pl.city
                                                               AND (g.kind <> 'INCOMING_VISIT' OR p.region = 'Sachsen')) c
                                        ORDER BY random() LIMIT g.extra) AS cities,
               cc.orgs AS hosts
          FROM (SELECT t, random() AS w,
                       CASE WHEN r < 0.5 THEN 'DELEGATION' WHEN r < 0.75 THEN 'TRADE_FAIR' WHEN r < 0.9 THEN 'CONFERENCE' ELSE 'INCOMING_VISIT' END::trip_kind AS kind,
                       date '2015-01-05' + floor(random() * 4370)::int AS start_date, 2 + floor(random() * 5)::int AS days,
                       CASE WHEN r >= 0.9 THEN 'DE' ELSE (ARRAY['IT','IT','IT','FR','FR','AT','AT','CZ','CZ','PL','PL','ES','NL','CH','US','CN'])[1 + floor(random() * 16)::int] END AS country,
                       CASE WHEN random() < 0.8 THEN 1 ELSE (SELECT n FROM saxon_orgs WHERE rn = 1 + (t * 37) % (SELECT count(*) FROM saxon_orgs)) END AS organiser,
                       floor(random() * 3)::int AS extra, r
                  FROM (SELECT t, random() AS r FROM generate_series(1, ${scaled(2000)}) t) x) g
          CROSS JOIN LATERAL (SELECT p.city, p.tz FROM places p WHERE p.country = g.country AND (g.kind <> 'INCOMING_VISIT' OR p.region = 'Sachsen')
                               ORDER BY p.weight * random() DESC LIMIT 1) pl
          JOIN country_counts cc ON cc.country = g.country
      ) y;
    INSERT INTO trips (id, name, kind, start_date, end_date, destinations, organiser_id, objectives, created_at, updated_at)
    SELECT pg_temp.bench_id('trip', t),
           CASE kind WHEN 'DELEGATION' THEN 'Delegationsreise ' WHEN 'TRADE_FAIR' THEN 'Messebeteiligung ' WHEN 'CONFERENCE' THEN 'Konferenz ' ELSE 'Besuch aus ' END
             || cities[1] || ' ' || extract(year FROM start_date) || ' #' || t,
           kind, start_date, start_date + days - 1,
           (SELECT jsonb_agg(jsonb_build_object('city', c, 'country', country) ORDER BY o) FROM unnest(cities) WITH ORDINALITY AS d(c, o)),
           pg_temp.bench_id('org', organiser), 'Kontakte anbahnen, Kooperationen ausloten (generated).',
           start_date - 60, start_date - 60
      FROM g_trips;
    CREATE TEMP TABLE g_delegates AS
    SELECT DISTINCT ON (t, p) t, p, role FROM (
      SELECT tr.t, sp.p, CASE WHEN i = 1 THEN 'HEAD' WHEN i <= 3 THEN 'STAFF' ELSE 'DELEGATE' END::delegate_role AS role, i
        FROM g_trips tr CROSS JOIN LATERAL generate_series(1, tr.delegates) i
        JOIN LATERAL (SELECT 1 + floor(random() * (SELECT count(*) FROM saxon_people))::int + 0 * i + 0 * tr.t AS pick) x ON true
        JOIN saxon_people sp ON sp.rn = x.pick
      UNION ALL
      SELECT t, 1 + 5000 * (t % 6), 'ORGANISER', 0 FROM g_trips
    ) d ORDER BY t, p, i;
    INSERT INTO trip_delegates (trip_id, person_id, role) SELECT pg_temp.bench_id('trip', t), pg_temp.bench_id('person', p), role FROM g_delegates;
    CREATE TEMP TABLE trip_del AS SELECT t, row_number() OVER (PARTITION BY t ORDER BY p) AS rn, p FROM g_delegates WHERE role <> 'ORGANISER';
    CREATE UNIQUE INDEX ON trip_del (t, rn);
    ALTER TABLE g_trips ADD COLUMN delegation int;
    UPDATE g_trips tr SET delegation = (SELECT count(*) FROM trip_del d WHERE d.t = tr.t);`],

  ['meetings', `
    -- Draws first, in a table of their own: a volatile random() inside a LATERAL subquery may be evaluated once per trip.
    CREATE TEMP TABLE g_draws AS
    SELECT row_number() OVER (ORDER BY tr.t, i) AS m, tr.t, random() AS rd, random() AS rh, random() AS rm, random() AS rk, random() AS rl,
           random() AS rs, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS ra,
           random() AS rc, random() AS rh2, random() AS rh3, random() AS rsx, random() AS rd1, random() AS rd2
      FROM g_trips tr, generate_series(1, tr.meetings) i;
    CREATE TEMP TABLE g_meetings AS
    SELECT m, t, kind, starts_at, tz, city, location,
           CASE WHEN starts_at > now() THEN 'PLANNED' WHEN rs < 0.88 THEN 'HELD' WHEN rs < 0.94 THEN 'CANCELLED' ELSE 'PLANNED' END::meeting_status AS status,
           host, host2, saxon, d1, d2, hk, internal, archived
      FROM (
        SELECT x.m, tr.t, tr.tz, c.city, x.rs,
               ((tr.start_date + floor(x.rd * tr.days)::int) + make_interval(hours => 8 + floor(x.rh * 11)::int, mins => 30 * floor(x.rm * 2)::int))
                 AT TIME ZONE tr.tz AS starts_at,
               CASE WHEN tr.kind = 'TRADE_FAIR' THEN CASE WHEN x.rk < 0.7 THEN 'B2B' WHEN x.rk < 0.85 THEN 'TALK' WHEN x.rk < 0.95 THEN 'VISIT' ELSE 'EVENT' END
                    ELSE CASE WHEN x.rk < 0.45 THEN 'VISIT' WHEN x.rk < 0.8 THEN 'TALK' WHEN x.rk < 0.95 THEN 'B2B' ELSE 'EVENT' END END::meeting_kind AS kind,
               CASE WHEN x.rl < 0.55 THEN c.city WHEN x.rl < 0.8 THEN (ARRAY['Messe ','Palazzo ','Rathaus ','Hotel Centrale, ','Campus '])[1 + floor(x.rl * 100)::int % 5] || c.city
                    ELSE (ARRAY['Headquarters','Plant visit','Hotel Centrale','Conference centre, hall B'])[1 + floor(x.rl * 100)::int % 4] END AS location,
               hb.n AS host, CASE WHEN x.r2 < 0.2 THEN h2.n END AS host2, CASE WHEN x.r3 < 0.6 THEN so.n END AS saxon,
               d1.p AS d1, CASE WHEN x.r4 < 0.5 THEN d2.p END AS d2, floor(x.r5 * 6)::int AS hk, x.r6 < 0.3 AS internal, x.ra < 0.01 AS archived
          FROM g_draws x
          JOIN g_trips tr ON tr.t = x.t
          CROSS JOIN LATERAL (SELECT tr.cities[1 + floor(x.rc * array_length(tr.cities, 1))::int] AS city) c
          JOIN orgs_by_country hb ON hb.country = tr.country AND hb.rn = 1 + floor(x.rh2 * tr.hosts)::int
          JOIN orgs_by_country h2 ON h2.country = tr.country AND h2.rn = 1 + floor(x.rh3 * tr.hosts)::int
          JOIN saxon_orgs so ON so.rn = 1 + floor(x.rsx * (SELECT count(*) FROM saxon_orgs))::int
          JOIN trip_del d1 ON d1.t = tr.t AND d1.rn = 1 + floor(x.rd1 * tr.delegation)::int
          JOIN trip_del d2 ON d2.t = tr.t AND d2.rn = 1 + floor(x.rd2 * tr.delegation)::int
      ) y;
    DROP TABLE g_draws;
    INSERT INTO g_meetings
    SELECT (SELECT max(m) FROM g_meetings) + z.i, NULL, z.kind, z.starts_at, o.tz, o.city,
           CASE WHEN z.kind IN ('CALL', 'VIDEO_CALL') THEN NULL ELSE o.city END,
           CASE WHEN z.starts_at > now() THEN 'PLANNED' WHEN z.rs < 0.88 THEN 'HELD' WHEN z.rs < 0.94 THEN 'CANCELLED' ELSE 'PLANNED' END::meeting_status,
           o.n, NULL, CASE WHEN z.r3 < 0.5 THEN so.n END, NULL, NULL, floor(z.r5 * 6)::int, true, z.ra < 0.01
      FROM (SELECT i, starts_at, rs, r3, r5, ra, oi, si,
                   CASE WHEN rk < 0.4 THEN 'CALL' WHEN rk < 0.75 THEN 'VIDEO_CALL' WHEN rk < 0.9 THEN 'VISIT' ELSE 'TALK' END::meeting_kind AS kind
              FROM (SELECT i, timestamptz '2015-01-01' + random() * interval '4380 days' AS starts_at, random() AS rk,
                           1 + floor(random() * 5000)::int AS oi, 1 + floor(random() * (SELECT count(*) FROM saxon_orgs))::int AS si,
                           random() AS rs, random() AS r3, random() AS r5, random() AS ra
                      FROM generate_series(1, ${TOTAL_MEETINGS} - (SELECT count(*) FROM g_meetings)) i) r) z
      JOIN g_orgs o ON o.n = z.oi
      JOIN saxon_orgs so ON so.rn = z.si;
    CREATE UNIQUE INDEX ON g_meetings (m);
    INSERT INTO meetings (id, trip_id, title, kind, status, cancel_reason, starts_at, ends_at, time_zone, location, agenda,
                          outcome_summary, intended_result, actual_result, logged_by, logged_at, archived_at, created_at, updated_at)
    SELECT pg_temp.bench_id('meeting', gm.m), pg_temp.bench_id('trip', gm.t),
           left(CASE gm.kind WHEN 'VISIT' THEN 'Besuch bei ' WHEN 'TALK' THEN 'Gespräch mit ' WHEN 'B2B' THEN 'B2B-Gespräch mit ' WHEN 'EVENT' THEN 'Empfang: '
                WHEN 'CALL' THEN 'Telefonat mit ' ELSE 'Videokonferenz mit ' END || o.name, 200),
           gm.kind, gm.status, CASE WHEN gm.status = 'CANCELLED' THEN 'Vom Gastgeber abgesagt' END,
           gm.starts_at, gm.starts_at + interval '90 minutes', gm.tz, gm.location, NULL,
           CASE WHEN gm.status = 'HELD' THEN 'Gespräch geführt (generated).' END, NULL, NULL,
           CASE WHEN gm.status = 'HELD' THEN pg_temp.bench_id('user', 1 + gm.m % 50) END,
           CASE WHEN gm.status = 'HELD' THEN gm.starts_at + interval '1 day' END,
           CASE WHEN gm.archived THEN gm.starts_at + interval '30 days' END,
           gm.starts_at - interval '20 days', COALESCE(CASE WHEN gm.status = 'HELD' THEN gm.starts_at + interval '1 day' END, gm.starts_at - interval '20 days')
      FROM g_meetings gm JOIN g_orgs o ON o.n = gm.host;
    -- meetings.trip_id: bench_id('trip', NULL) is NULL for meetings outside trips.
    INSERT INTO meeting_organisations (meeting_id, organisation_id)
    SELECT pg_temp.bench_id('meeting', m), pg_temp.bench_id('org', host) FROM g_meetings
    UNION ALL SELECT pg_temp.bench_id('meeting', m), pg_temp.bench_id('org', host2) FROM g_meetings WHERE host2 IS NOT NULL AND host2 <> host
    UNION ALL SELECT pg_temp.bench_id('meeting', m), pg_temp.bench_id('org', saxon) FROM g_meetings WHERE saxon IS NOT NULL AND saxon NOT IN (host, COALESCE(host2, 0));
    INSERT INTO meeting_participants (meeting_id, person_id, side)
    SELECT DISTINCT ON (m, p) pg_temp.bench_id('meeting', m), pg_temp.bench_id('person', p), side FROM (
      SELECT m, host + 5000 * hk AS p, 'HOST'::participant_side AS side, 1 AS o FROM g_meetings WHERE status <> 'CANCELLED'
      UNION ALL SELECT m, host + 5000 * ((hk + 3) % 6), 'HOST', 2 FROM g_meetings WHERE status <> 'CANCELLED' AND hk < 2
      UNION ALL SELECT m, d1, 'DELEGATION', 3 FROM g_meetings WHERE status <> 'CANCELLED' AND d1 IS NOT NULL
      UNION ALL SELECT m, d2, 'DELEGATION', 4 FROM g_meetings WHERE status <> 'CANCELLED' AND d2 IS NOT NULL
      UNION ALL SELECT m, 1 + 5000 * (m % 6), 'INTERNAL', 5 FROM g_meetings WHERE status <> 'CANCELLED' AND internal
    ) x ORDER BY m, p, o;`],

  ['leads and stage history', `
    CREATE TEMP TABLE g_leads AS
    WITH sources AS (
      (SELECT m, t, host, starts_at FROM g_meetings WHERE t IS NOT NULL AND status = 'HELD' AND NOT archived ORDER BY random() LIMIT ${scaled(150000)})
      UNION ALL
      (SELECT m, NULL, host, starts_at FROM g_meetings WHERE t IS NULL AND status = 'HELD' AND NOT archived ORDER BY random() LIMIT ${scaled(25000)})
      UNION ALL
      SELECT NULL, NULL, o.n, timestamptz '2015-01-01' + random() * (now() - timestamptz '2015-01-01')
        FROM generate_series(1, ${scaled(25000)}) i JOIN LATERAL (SELECT 1 + floor(random() * 5000)::int + 0 * i AS oi) x ON true JOIN g_orgs o ON o.n = x.oi
    ),
    numbered AS (
      SELECT row_number() OVER () AS l, s.*, LEAST(s.starts_at + (2 + random() * 70) * interval '1 hour', now() - interval '1 hour') AS created_at,
             random() AS rs, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7, random() AS r8,
             1 + floor(random() * (SELECT count(*) FROM saxon_orgs))::int AS si
        FROM sources s
    ),
    staged AS (
      SELECT n.*, CASE WHEN now() - n.created_at < interval '45 days' THEN (CASE WHEN rs < 0.6 THEN 'NEW' ELSE 'CONTACTED' END)
                       WHEN rs < 0.10 THEN 'NEW' WHEN rs < 0.22 THEN 'CONTACTED' WHEN rs < 0.34 THEN 'QUALIFIED' WHEN rs < 0.44 THEN 'NEGOTIATING'
                       WHEN rs < 0.58 THEN 'WON' WHEN rs < 0.88 THEN 'LOST' ELSE 'ON_HOLD' END AS final
        FROM numbered n
    )
    SELECT s.l, s.m, s.t, s.host, so.n AS saxon, s.created_at, s.r3, s.r4, s.r5, s.r6, s.r7, s.r8,
           1 + floor(50 * power(s.r6, 1.5))::int AS owner,
           (ARRAY['SUPPLY','INVESTMENT','JOINT_RD','EXPORT','KNOWLEDGE_EXCHANGE','MUNICIPAL'])[1 + floor(s.r3 * 6)::int]::lead_kind AS kind,
           (CASE s.final
              WHEN 'NEW' THEN ARRAY['NEW']
              WHEN 'CONTACTED' THEN ARRAY['NEW', 'CONTACTED']
              WHEN 'QUALIFIED' THEN CASE WHEN s.r2 < 0.08 THEN ARRAY['NEW', 'ON_HOLD', 'QUALIFIED'] WHEN s.r2 < 0.3 THEN ARRAY['NEW', 'QUALIFIED'] ELSE ARRAY['NEW', 'CONTACTED', 'QUALIFIED'] END
              WHEN 'NEGOTIATING' THEN CASE WHEN s.r2 < 0.08 THEN ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'ON_HOLD', 'NEGOTIATING']
                                           WHEN s.r2 < 0.15 THEN ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'QUALIFIED', 'NEGOTIATING']
                                           ELSE ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING'] END
              WHEN 'WON' THEN CASE WHEN s.r2 < 0.7 THEN ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON'] ELSE ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'WON'] END
              ELSE (ARRAY['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING'])[1:1 + floor(s.r2 * 4)::int] || s.final
            END)::lead_stage[] AS path,
           random() * 57 + 3 AS gap_days
      FROM staged s JOIN saxon_orgs so ON so.rn = s.si;
    ALTER TABLE g_leads ADD COLUMN gap interval, ADD COLUMN stage lead_stage, ADD COLUMN stage_at timestamptz;
    UPDATE g_leads SET gap = LEAST(gap_days * interval '1 day', (now() - created_at) / array_length(path, 1)), stage = path[array_length(path, 1)];
    UPDATE g_leads SET stage_at = created_at + (array_length(path, 1) - 1) * gap;
    CREATE UNIQUE INDEX ON g_leads (l);
    INSERT INTO leads (id, title, description, kind, topics, stage, stage_changed_at, owner_id, origin_trip_id, origin_meeting_id,
                       estimated_value, potential_jobs, probability, next_step, next_step_date, closed_reason, archived_at, created_at, updated_at)
    SELECT pg_temp.bench_id('lead', gl.l),
           left(CASE gl.kind WHEN 'SUPPLY' THEN 'Zulieferung an ' WHEN 'INVESTMENT' THEN 'Ansiedlung von ' WHEN 'JOINT_RD' THEN 'F&E-Kooperation mit '
                WHEN 'EXPORT' THEN 'Export an ' WHEN 'KNOWLEDGE_EXCHANGE' THEN 'Wissensaustausch mit ' ELSE 'Kommunale Kooperation mit ' END || o.name || ' #' || gl.l, 200),
           NULL, gl.kind,
           CASE WHEN gl.r4 < 0.1 THEN '{}'::text[]
                WHEN gl.r4 < 0.6 THEN ARRAY[(${sqlArray(TOPICS)})[1 + floor(gl.r5 * ${TOPICS.length})::int]]
                ELSE ARRAY[(${sqlArray(TOPICS)})[1 + floor(gl.r5 * ${TOPICS.length})::int], (${sqlArray(TOPICS)})[1 + (floor(gl.r5 * ${TOPICS.length})::int + 1 + floor(gl.r4 * 5)::int) % ${TOPICS.length}]] END,
           gl.stage, gl.stage_at, pg_temp.bench_id('user', gl.owner), pg_temp.bench_id('trip', gl.t), pg_temp.bench_id('meeting', gl.m),
           CASE WHEN random() < 0.7 THEN round((exp(ln(10000) + random() * (ln(20000000) - ln(10000))))::numeric, -3) END,
           CASE WHEN random() < 0.3 THEN 5 + floor(random() * 200)::int END,
           CASE gl.stage WHEN 'NEW' THEN 10 WHEN 'CONTACTED' THEN 20 WHEN 'QUALIFIED' THEN 40 WHEN 'NEGOTIATING' THEN 60 WHEN 'WON' THEN 100 WHEN 'LOST' THEN 0 ELSE NULL END,
           CASE WHEN gl.stage IN ('NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING') AND gl.r7 < 0.6 THEN 'Nächsten Termin vereinbaren' END,
           CASE WHEN gl.stage IN ('NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING') AND gl.r7 < 0.6 THEN current_date - 30 + floor(gl.r4 * 90)::int END,
           CASE gl.stage WHEN 'LOST' THEN 'An einen Wettbewerber vergeben' WHEN 'ON_HOLD' THEN 'Später neu bewerten' WHEN 'WON' THEN 'Vertrag unterzeichnet' END,
           CASE WHEN random() < 0.02 THEN gl.stage_at + interval '1 day' END,
           gl.created_at, gl.stage_at
      FROM g_leads gl JOIN g_orgs o ON o.n = gl.host;
    INSERT INTO lead_stage_changes (lead_id, from_stage, to_stage, reason, changed_by, changed_at)
    SELECT pg_temp.bench_id('lead', gl.l), gl.path[k - 1], s.stage,
           CASE WHEN k = 1 THEN 'Opened after the meeting' WHEN s.stage = 'LOST' THEN 'An einen Wettbewerber vergeben' WHEN s.stage = 'ON_HOLD' THEN 'Später neu bewerten' END,
           pg_temp.bench_id('user', gl.owner), gl.created_at + (k - 1) * gl.gap
      FROM g_leads gl CROSS JOIN LATERAL unnest(gl.path) WITH ORDINALITY AS s(stage, k);
    INSERT INTO lead_organisations (lead_id, organisation_id, side)
    SELECT pg_temp.bench_id('lead', l), pg_temp.bench_id('org', host), 'PARTNER'::lead_side FROM g_leads
    UNION ALL
    SELECT pg_temp.bench_id('lead', l), pg_temp.bench_id('org', saxon), 'SAXON' FROM g_leads WHERE r7 < 0.85 AND saxon <> host;
    INSERT INTO lead_contacts (lead_id, person_id)
    SELECT pg_temp.bench_id('lead', l), pg_temp.bench_id('person', host + 5000 * floor(r5 * 6)::int) FROM g_leads
    UNION ALL
    SELECT pg_temp.bench_id('lead', l), pg_temp.bench_id('person', saxon + 5000 * floor(r3 * 6)::int) FROM g_leads WHERE r8 < 0.6 AND saxon <> host;`],

  ['partnerships', `
    CREATE TEMP TABLE g_partnerships AS
    SELECT row_number() OVER () AS n, w.* FROM (
      SELECT gl.l, gl.kind, gl.stage_at, random() AS r1, random() AS r2
        FROM g_leads gl JOIN leads ld ON ld.id = pg_temp.bench_id('lead', gl.l)
       WHERE gl.stage = 'WON' AND ld.archived_at IS NULL
       ORDER BY random() LIMIT ${scaled(5000)}) w;
    INSERT INTO partnerships (id, lead_id, title, kind, signed_on, value_eur, status, ended_on, description, created_at, updated_at)
    SELECT pg_temp.bench_id('partnership', p.n), ld.id, left('Partnerschaft: ' || ld.title, 200),
           CASE p.kind WHEN 'SUPPLY' THEN 'SUPPLY_CONTRACT' WHEN 'EXPORT' THEN 'SUPPLY_CONTRACT' WHEN 'INVESTMENT' THEN 'INVESTMENT'
                       WHEN 'JOINT_RD' THEN 'JOINT_PROJECT' ELSE 'MOU' END::partnership_kind,
           CASE WHEN p.r1 < 0.04 THEN NULL ELSE LEAST((p.stage_at + p.r2 * interval '60 days')::date, current_date) END,
           round((ld.estimated_value * (0.5 + p.r2 * 0.7))::numeric, 2),
           CASE WHEN p.r1 > 0.92 THEN 'ENDED' ELSE 'ACTIVE' END::partnership_status,
           CASE WHEN p.r1 > 0.92 THEN LEAST((p.stage_at + interval '400 days')::date, current_date) END,
           NULL, LEAST(p.stage_at + interval '1 day', now()), LEAST(p.stage_at + interval '1 day', now())
      FROM g_partnerships p JOIN leads ld ON ld.id = pg_temp.bench_id('lead', p.l);
    INSERT INTO partnership_parties (partnership_id, organisation_id)
    SELECT pg_temp.bench_id('partnership', p.n), lo.organisation_id
      FROM g_partnerships p JOIN lead_organisations lo ON lo.lead_id = pg_temp.bench_id('lead', p.l);`],

  ['tasks', `
    CREATE TEMP TABLE g_tasks AS
    SELECT row_number() OVER () AS n, x.* FROM (
      (SELECT 'COMMITMENT' AS what, gm.m, NULL::bigint AS l, NULL::int AS o,
              CASE WHEN random() < 0.5 THEN gm.host + 5000 * gm.hk ELSE gm.d1 END AS promised_by,
              gm.starts_at AS base, (gm.starts_at + (14 + random() * 46) * interval '1 day')::date AS due
         FROM g_meetings gm WHERE gm.t IS NOT NULL AND gm.status = 'HELD' AND NOT gm.archived ORDER BY random() LIMIT ${scaled(40000)})
      UNION ALL
      (SELECT 'LEAD', NULL, gl.l, NULL, NULL, gl.created_at, (gl.created_at + (7 + random() * 83) * interval '1 day')::date
         FROM g_leads gl ORDER BY random() LIMIT ${scaled(45000)})
      UNION ALL
      SELECT 'ORGANISATION', NULL, NULL, 1 + floor(random() * 5000)::int, NULL, b, (b + (7 + random() * 60) * interval '1 day')::date
        FROM generate_series(1, ${scaled(15000)}) i CROSS JOIN LATERAL (SELECT timestamptz '2016-01-01' + random() * interval '4000 days' + 0 * i * interval '1 second' AS b) x
    ) x;
    INSERT INTO tasks (id, title, due_date, assignee_id, status, completed_at, lead_id, meeting_id, organisation_id, person_id,
                       is_commitment, promised_by_id, created_by, archived_at, created_at, updated_at)
    SELECT pg_temp.bench_id('task', n),
           CASE what WHEN 'COMMITMENT' THEN 'Zugesagte Unterlagen senden' WHEN 'LEAD' THEN 'Angebot nachfassen' ELSE 'Kontakt pflegen' END || ' #' || n,
           due, CASE WHEN r1 < 0.95 THEN pg_temp.bench_id('user', 1 + (n * 13) % 50) END,
           st, CASE WHEN st = 'DONE' THEN LEAST(due - floor(r2 * 10)::int + time '12:00', now() - interval '1 hour') END,
           pg_temp.bench_id('lead', l), pg_temp.bench_id('meeting', m), pg_temp.bench_id('org', o), NULL,
           what = 'COMMITMENT', pg_temp.bench_id('person', promised_by), pg_temp.bench_id('user', 1 + n % 50),
           CASE WHEN r3 < 0.01 THEN base + interval '2 days' END, LEAST(base + interval '1 day', now() - interval '2 hours'),
           LEAST(COALESCE(CASE WHEN st <> 'OPEN' THEN due + time '12:00' END, base + interval '1 day'), now() - interval '1 hour')
      FROM (SELECT t.*, random() AS r1, random() AS r2, random() AS r3,
                   CASE WHEN due < current_date THEN CASE WHEN rs < 0.7 THEN 'DONE' WHEN rs < 0.75 THEN 'CANCELLED' ELSE 'OPEN' END
                        WHEN rs < 0.1 THEN 'DONE' ELSE 'OPEN' END::task_status AS st
              FROM (SELECT g.*, random() AS rs FROM g_tasks g) t) z;`],
];

async function confidentiality(db) {
  const { rows } = await db.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND ((table_name IN ('leads', 'meetings') AND column_name IN ('confidentiality', 'team_id'))
                                         OR (table_name IN ('teams', 'team_members') AND column_name IN ('id', 'user_id')))`,
  );
  const has = (table, column) => rows.some((r) => r.table_name === table && r.column_name === column);
  if (!has('leads', 'confidentiality')) return 'no confidentiality column yet: every lead INTERNAL';
  const teams = has('teams', 'id') && has('team_members', 'user_id') && has('leads', 'team_id');
  if (teams) {
    await db.query(`INSERT INTO teams (id, name, description) VALUES
      (pg_temp.bench_id('team', 1), 'Automotive (bench)', NULL), (pg_temp.bench_id('team', 2), 'Invest in Saxony (bench)', NULL),
      (pg_temp.bench_id('team', 3), 'Smart City (bench)', NULL)`);
    // Users 1-10 in team 1, 11-20 in team 2, 21-30 in team 3; 31-50 in none.
    await db.query(`INSERT INTO team_members (team_id, user_id)
      SELECT pg_temp.bench_id('team', 1 + (u - 1) / 10), pg_temp.bench_id('user', u) FROM generate_series(1, 30) u`);
  }
  // About 5% of the leads (and 3% of the meetings) CONFIDENTIAL, to a team where teams exist.
  const team = (table) => (teams && has(table, 'team_id') ? `, team_id = pg_temp.bench_id('team', 1 + abs(hashtext(id::text)) % 3)` : '');
  const leads = await db.query(`UPDATE leads SET confidentiality = 'CONFIDENTIAL'${team('leads')} WHERE abs(hashtext(id::text)) % 100 < 5`);
  let meetings = { rowCount: 0 };
  if (has('meetings', 'confidentiality')) {
    meetings = await db.query(`UPDATE meetings SET confidentiality = 'CONFIDENTIAL'${team('meetings')} WHERE abs(hashtext(id::text)) % 100 < 3`);
  }
  return `${leads.rowCount} leads and ${meetings.rowCount} meetings CONFIDENTIAL${teams ? ', in 3 teams (users 1-30 are members)' : ''}`;
}

/** The columns whose words the search's typo list keeps (as migration 1795741000000 has them). */
const SEARCH_WORD_COLUMNS = {
  organisations: ['name', 'legal_name', 'description'], people: ['given_name', 'family_name', 'background'], trips: ['name', 'objectives'],
  meetings: ['title', 'outcome_summary'], leads: ['title', 'description'], notes: ['body'],
};

const COUNTED = ['users', 'organisations', 'people', 'affiliations', 'trips', 'trip_delegates', 'meetings', 'meeting_organisations',
  'meeting_participants', 'leads', 'lead_stage_changes', 'lead_organisations', 'lead_contacts', 'partnerships', 'partnership_parties', 'tasks', 'audit_log'];
const DERIVED = ['lead_stage_stays', 'lead_countries', 'search_words'];

/** Foreign keys were not checked during the load (replica mode): check the ones the reports rely on. */
const INTEGRITY = [
  `SELECT count(*) FROM meetings m WHERE m.trip_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trips t WHERE t.id = m.trip_id)`,
  `SELECT count(*) FROM meeting_organisations mo WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = mo.organisation_id)`,
  `SELECT count(*) FROM meeting_participants mp WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = mp.person_id)`,
  `SELECT count(*) FROM leads l WHERE (l.origin_meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = l.origin_meeting_id))
                                   OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.owner_id)`,
  `SELECT count(*) FROM leads l WHERE l.stage IS DISTINCT FROM (SELECT sc.to_stage FROM lead_stage_changes sc WHERE sc.lead_id = l.id ORDER BY sc.changed_at DESC LIMIT 1)`,
  `SELECT count(*) FROM tasks t WHERE (t.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = t.meeting_id))
                                   OR (t.lead_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = t.lead_id))`,
];

(async () => {
  console.log(`Generating report data in ${parsed.host}${parsed.pathname} (migrations from ${DIST})`);
  let since = Date.now();
  await recreateDatabase();
  const migrations = await migrate();
  console.log(`  database recreated, ${migrations} migrations applied: ${seconds(since)} s`);

  const { hashPassword } = require(join(DIST, 'src/auth/password.js'));
  const passwordHash = await hashPassword(PASSWORD);
  const db = new Client({ connectionString: url, application_name: 'liaison-bench-generate' });
  await db.connect();
  for (const [label, sql] of STEPS) {
    since = Date.now();
    await (typeof sql === 'function' ? sql(db, passwordHash) : db.query(sql));
    console.log(`  ${label}: ${seconds(since)} s`);
  }
  since = Date.now();
  console.log(`  confidentiality: ${await confidentiality(db)} (${seconds(since)} s)`);
  await db.query(`SET session_replication_role = origin`);
  // Statistics first: without them the planner reads each refresh's list of every lead id
  // ("= ANY" of 200,000 ids) against every row, which takes minutes instead of seconds.
  since = Date.now();
  await db.query('ANALYZE');
  console.log(`  analyze: ${seconds(since)} s`);
  // The triggers that keep the reports' derived tables (migrations 1795630000000 to 1795650000000)
  // did not fire in replica mode: rebuild them whole, where they exist (the stays' refresh rebuilds
  // the pipeline facts and ledgers too).
  for (const refresh of ['liaison_refresh_lead_stays', 'liaison_refresh_lead_countries']) {
    const { rows } = await db.query(`SELECT to_regprocedure($1) IS NOT NULL AS exists`, [`${refresh}(uuid[])`]);
    if (!rows[0].exists) continue;
    since = Date.now();
    await db.query(`SELECT ${refresh}(NULL)`);
    console.log(`  ${refresh}: ${seconds(since)} s`);
  }
  // The search's word list (migration 1795741000000) is kept by triggers that did not fire either.
  const { rows: [words] } = await db.query(`SELECT to_regclass('search_words') IS NOT NULL AS exists`);
  if (words.exists) {
    since = Date.now();
    for (const [table, columns] of Object.entries(SEARCH_WORD_COLUMNS)) {
      await db.query(`INSERT INTO search_words (word)
        SELECT DISTINCT w.word FROM "${table}" r, unnest(ARRAY[${columns.map((column) => `r."${column}"::text`).join(', ')}]) f(value),
               unnest(tsvector_to_array(to_tsvector('simple'::regconfig, liaison_fold(f.value)))) w(word)
         WHERE length(w.word) >= 3 ON CONFLICT DO NOTHING`);
    }
    console.log(`  search words: ${seconds(since)} s`);
  }
  // The two whole-table refreshes each rewrote every lead's facts (the second adds the countries):
  // compact the derived tables to the size rows written once take, as the triggers' writes leave them.
  since = Date.now();
  for (const table of ['pipeline_lead_facts', 'lead_stage_stays']) {
    const { rows } = await db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
    if (rows[0].exists) await db.query(`VACUUM FULL ${table}`);
  }
  await db.query('VACUUM (ANALYZE)');
  console.log(`  vacuum analyze: ${seconds(since)} s`);

  for (const check of INTEGRITY) {
    const { rows } = await db.query(check);
    if (Number(rows[0].count) !== 0) throw new Error(`integrity check failed (${rows[0].count} rows): ${check}`);
  }
  const counts = [];
  for (const table of COUNTED) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts.push([table, rows[0].n]);
  }
  for (const table of DERIVED) {
    const { rows } = await db.query(`SELECT to_regclass($1) IS NULL AS missing`, [table]);
    if (rows[0].missing) continue;
    const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts.push([`${table} (derived)`, n]);
  }
  const { rows: [big] } = await db.query(
    `SELECT t.id, t.name, count(*)::int AS meetings, (SELECT count(*)::int FROM leads l WHERE l.origin_trip_id = t.id) AS leads
       FROM trips t JOIN meetings m ON m.trip_id = t.id WHERE t.end_date < current_date GROUP BY t.id ORDER BY meetings DESC, t.id LIMIT 1`,
  );
  const { rows: stages } = await db.query(`SELECT stage, count(*)::int AS n FROM leads GROUP BY stage ORDER BY stage`);
  await db.end();

  console.log('\nRows:');
  for (const [table, n] of counts) console.log(`  ${table.padEnd(32)} ${n.toLocaleString('en-US').padStart(10)}`);
  console.log(`Leads by stage: ${stages.map((s) => `${s.stage} ${s.n}`).join(', ')}`);
  console.log(`Largest past trip: ${big.id} "${big.name}" with ${big.meetings} meetings and ${big.leads} leads`);
  console.log(`Users: bench.admin@wfs.example (ADMIN), bench.user01..50@wfs.example (STAFF), password ${PASSWORD}`);
  console.log(`Done in ${seconds(started)} s`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
