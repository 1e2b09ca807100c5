import { createHash } from 'node:crypto';
import { hashPassword } from '../auth/password';
import { Db } from '../database/table';

/**
 * Demo data: the Saxon delegation to Milan, Modena and Bologna, 13-16 May 2024,
 * from the economics ministry's press release of 12 May 2024. Organisations
 * and the public figures it names (Martin Dulig, Dirk Vogel, Silvia
 * Queck-Hänel) appear in their public roles. Everything else (hosts' staff,
 * meeting times, outcomes, leads, tasks) is INVENTED for the demo and marked so.
 *
 * Every row has a fixed id derived from a name and is inserted with
 * ON CONFLICT DO NOTHING, so seeding twice changes nothing.
 */

/** A stable UUID for a demo record (name-based, like UUIDv5, from SHA-1). */
export function demoId(name: string): string {
  const hex = createHash('sha1').update(`liaison-demo:${name}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const INVENTED = 'Invented demo contact (not a real person).';
export const DEMO_PASSWORD = 'liaison-demo-2024';
export const DEMO_USERS = {
  staff: { email: 'anna.schmidt@wfs.example', displayName: 'Anna Schmidt (demo, WFS)', role: 'STAFF' },
  lead: { email: 'thomas.wagner@wfs.example', displayName: 'Thomas Wagner (demo, WFS team lead)', role: 'STAFF' },
  ministry: { email: 'leser@smwa.example', displayName: 'Ministerium (demo, read-only)', role: 'VIEWER' },
} as const;

type Row = Record<string, unknown>;

// jsonb columns: sent as JSON text (pg would turn a JS array into a PostgreSQL array).
const JSON_COLUMNS = new Set(['emails', 'phones', 'destinations']);

async function insert(db: Db, table: string, row: Row, conflict = '(id)'): Promise<void> {
  const columns = Object.keys(row);
  const values = Object.values(row);
  const placeholders = columns.map((column, i) => {
    if (!JSON_COLUMNS.has(column)) return `$${i + 1}`;
    values[i] = JSON.stringify(values[i]);
    return `$${i + 1}::jsonb`;
  });
  await db.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT ${conflict} DO NOTHING`,
    values,
  );
}

const org = (key: string) => demoId(`organisation:${key}`);
const person = (key: string) => demoId(`person:${key}`);
const meeting = (key: string) => demoId(`meeting:${key}`);
const lead = (key: string) => demoId(`lead:${key}`);
export const DEMO_TRIP_ID = demoId('trip:norditalien-2024');
export const DEMO_IDS = { org, person, meeting, lead, trip: DEMO_TRIP_ID };

export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds: Record<keyof typeof DEMO_USERS, string> = { staff: '', lead: '', ministry: '' };
  for (const [key, user] of Object.entries(DEMO_USERS) as [keyof typeof DEMO_USERS, (typeof DEMO_USERS)[keyof typeof DEMO_USERS]][]) {
    await insert(db, 'users', { email: user.email, display_name: user.displayName, password_hash: passwordHash, role: user.role }, '(email)');
    const [{ id }] = await db.query(`SELECT id FROM users WHERE email = $1`, [user.email]);
    userIds[key] = id;
  }

  // Organisations
  const organisations: Row[] = [
    { id: org('smwa'), name: 'Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr', legal_name: 'Freistaat Sachsen, SMWA', kind: 'MINISTRY', country: 'DE', region: 'Sachsen', nuts_code: 'DED', city: 'Dresden', website: 'https://www.smwa.sachsen.de', sectors: ['economy', 'transport'] },
    { id: org('wfs'), name: 'Wirtschaftsförderung Sachsen', legal_name: 'Wirtschaftsförderung Sachsen GmbH', kind: 'PUBLIC_AUTHORITY', country: 'DE', region: 'Sachsen', nuts_code: 'DED', city: 'Dresden', website: 'https://www.wfs.sachsen.de', sectors: ['economic development'] },
    { id: org('amz'), name: 'Netzwerk Automobilzulieferer Sachsen (AMZ)', kind: 'NETWORK', country: 'DE', region: 'Sachsen', nuts_code: 'DED', sectors: ['automotive', 'suppliers'] },
    { id: org('zwickau'), name: 'Stadtverwaltung Zwickau', legal_name: 'Stadt Zwickau', kind: 'PUBLIC_AUTHORITY', country: 'DE', region: 'Sachsen', nuts_code: 'DED45', city: 'Zwickau', website: 'https://www.zwickau.de', sectors: ['municipal', 'electromobility'] },
    { id: org('siemens-ag'), name: 'Siemens AG', kind: 'COMPANY', country: 'DE', region: 'Bayern', nuts_code: 'DE2', city: 'München', website: 'https://www.siemens.com', sectors: ['automation', 'smart infrastructure'] },
    { id: org('siemens-italia'), name: 'Siemens Italia', legal_name: 'Siemens S.p.A.', kind: 'COMPANY', country: 'IT', region: 'Lombardia', nuts_code: 'ITC4', city: 'Milano', website: 'https://www.siemens.it', sectors: ['automation', 'smart infrastructure'], parent_id: org('siemens-ag') },
    { id: org('brembo'), name: 'Brembo', legal_name: 'Brembo N.V.', kind: 'COMPANY', country: 'IT', region: 'Lombardia', nuts_code: 'ITC4', city: 'Stezzano', website: 'https://www.brembo.com', sectors: ['automotive', 'brakes'] },
    { id: org('lamborghini'), name: 'Automobili Lamborghini', legal_name: 'Automobili Lamborghini S.p.A.', kind: 'COMPANY', country: 'IT', region: 'Emilia-Romagna', nuts_code: 'ITH5', city: "Sant'Agata Bolognese", website: 'https://www.lamborghini.com', sectors: ['automotive'] },
    { id: org('lombardia'), name: 'Regione Lombardia', kind: 'PUBLIC_AUTHORITY', country: 'IT', region: 'Lombardia', nuts_code: 'ITC4', city: 'Milano', website: 'https://www.regione.lombardia.it', sectors: ['regional government'] },
    { id: org('emilia-romagna'), name: 'Regione Emilia-Romagna', kind: 'PUBLIC_AUTHORITY', country: 'IT', region: 'Emilia-Romagna', nuts_code: 'ITH5', city: 'Bologna', website: 'https://www.regione.emilia-romagna.it', sectors: ['regional government'] },
    { id: org('milano'), name: 'Comune di Milano', kind: 'PUBLIC_AUTHORITY', country: 'IT', region: 'Lombardia', nuts_code: 'ITC4C', city: 'Milano', website: 'https://www.comune.milano.it', sectors: ['municipal', 'smart city'] },
    { id: org('aar'), name: 'Allianz der Automobilregionen', legal_name: 'Automotive Regions Alliance', kind: 'NETWORK', sectors: ['automotive'], description: 'Alliance of European automotive regions founded in 2022 with Saxon participation.' },
  ];
  for (const row of organisations) await insert(db, 'organisations', row);
  // Duplicates, as an earlier spreadsheet import left them (issue 14: "Finding and merging" in the README).
  const IMPORTED = '2023-10-12T09:00:00Z';
  const duplicateOrganisations: Row[] = [
    { id: org('brembo-caps'), name: 'BREMBO', kind: 'COMPANY', country: 'IT', city: 'Stezzano', created_at: IMPORTED, updated_at: IMPORTED },
    { id: org('brembo-spa'), name: 'Brembo S.p.A.', kind: 'COMPANY', country: 'IT', website: 'https://brembo.com/it', created_at: IMPORTED, updated_at: IMPORTED },
    { id: org('zwickau-card'), name: 'Zwickau, Stadtverwaltung', kind: 'PUBLIC_AUTHORITY', country: 'DE', city: 'Zwickau', created_at: IMPORTED, updated_at: IMPORTED },
    { id: org('lamborghini-card'), name: 'Lamborghini', kind: 'COMPANY', country: 'IT', website: 'http://lamborghini.com', created_at: IMPORTED, updated_at: IMPORTED },
  ];
  for (const row of duplicateOrganisations) await insert(db, 'organisations', row);
  for (const [member, since] of [['smwa', '2022-01-01'], ['lombardia', '2022-01-01'], ['emilia-romagna', '2022-01-01']]) {
    await insert(db, 'organisation_memberships', { id: demoId(`membership:${member}`), member_id: org(member), network_id: org('aar'), since });
  }

  // People: public figures in their public roles, and invented hosts
  const people: Row[] = [
    { id: person('dulig'), given_name: 'Martin', family_name: 'Dulig', preferred_language: 'de', background: 'Staatsminister für Wirtschaft, Arbeit und Verkehr; leads the delegation (press release, 12 May 2024).' },
    { id: person('vogel'), given_name: 'Dirk', family_name: 'Vogel', preferred_language: 'de', background: 'Netzwerkmanager AMZ (press release, 12 May 2024).' },
    { id: person('queck-haenel'), given_name: 'Silvia', family_name: 'Queck-Hänel', preferred_language: 'de', background: 'Baubürgermeisterin der Stadt Zwickau (press release, 12 May 2024).' },
    { id: person('schmidt'), given_name: 'Anna', family_name: 'Schmidt', preferred_language: 'de', background: INVENTED, emails: [{ address: 'anna.schmidt@wfs.example', label: 'work', primary: true }] },
    { id: person('rossi'), title: 'Ing.', given_name: 'Giulia', family_name: 'Rossi', preferred_language: 'it', background: INVENTED, emails: [{ address: 'giulia.rossi@brembo.example', label: 'work', primary: true }], phones: [{ number: '+390351234567', label: 'office', primary: true }] },
    { id: person('damico'), title: 'Dott.', given_name: 'Nicolò', family_name: "D'Amico", preferred_language: 'it', background: INVENTED, emails: [{ address: 'nicolo.damico@lamborghini.example', label: 'work', primary: true }] },
    { id: person('bianchi'), given_name: 'Marco', family_name: 'Bianchi', preferred_language: 'en', background: INVENTED, emails: [{ address: 'marco.bianchi@siemens-it.example', label: 'work', primary: true }] },
    { id: person('ferrari'), title: 'Prof.', given_name: 'Chiara', family_name: 'Ferrari', preferred_language: 'it', background: INVENTED, emails: [{ address: 'chiara.ferrari@regione-er.example', label: 'work', primary: true }] },
    { id: person('colombo'), given_name: 'Luca', family_name: 'Colombo', preferred_language: 'it', background: INVENTED },
  ];
  for (const row of people) await insert(db, 'people', { emails: [], phones: [], ...row });
  const CARD = 'Invented demo contact, entered twice (a duplicate for the README).';
  const duplicatePeople: Row[] = [
    { id: person('rossi-card'), given_name: 'Giulia', family_name: 'Rossi', background: CARD, emails: [{ address: 'giulia.rossi@brembo.example', label: null, primary: true }] },
    { id: person('damico-card'), given_name: 'Nicolo', family_name: 'DAmico', background: CARD, emails: [{ address: 'nicolo.damico@lamborghini.example', label: null, primary: true }] },
    { id: person('mueller'), given_name: 'Jörg', family_name: 'Müller', preferred_language: 'de', background: INVENTED, phones: [{ number: '+4915112345678', label: 'mobile', primary: true }] },
    { id: person('mueller-card'), given_name: 'Joerg', family_name: 'Mueller', background: CARD, phones: [{ number: '+4915112345678', label: null, primary: true }] },
  ];
  for (const row of duplicatePeople) await insert(db, 'people', { emails: [], phones: [], created_at: IMPORTED, updated_at: IMPORTED, ...row });
  const affiliations: [string, string, string, boolean][] = [
    ['dulig', 'smwa', 'Staatsminister', true],
    ['vogel', 'amz', 'Netzwerkmanager', true],
    ['queck-haenel', 'zwickau', 'Baubürgermeisterin', true],
    ['schmidt', 'wfs', 'Projektmanagerin Internationalisierung (demo)', true],
    ['rossi', 'brembo', 'Purchasing Manager (invented)', true],
    ['damico', 'lamborghini', 'Sustainability Manager (invented)', true],
    ['bianchi', 'siemens-italia', 'Smart Infrastructure Sales (invented)', true],
    ['ferrari', 'emilia-romagna', 'Automotive Cluster Officer (invented)', true],
    ['colombo', 'milano', 'Smart City Office (invented)', true],
    ['rossi-card', 'brembo-caps', 'Einkauf', true],
    ['mueller', 'amz', 'Projektleiter (invented)', true],
  ];
  for (const [p, o, jobTitle, isPrimary] of affiliations) {
    await insert(db, 'affiliations', { id: demoId(`affiliation:${p}:${o}`), person_id: person(p), organisation_id: org(o), job_title: jobTitle, is_primary: isPrimary, start_date: '2020-01-01' });
  }

  // The trip and its delegation
  await insert(db, 'trips', {
    id: DEMO_TRIP_ID,
    name: 'Delegationsreise Norditalien 2024',
    kind: 'DELEGATION',
    start_date: '2024-05-13',
    end_date: '2024-05-16',
    destinations: [{ city: 'Milano', country: 'IT' }, { city: 'Modena', country: 'IT' }, { city: 'Bologna', country: 'IT' }],
    organiser_id: org('wfs'),
    objectives:
      'Beziehungen in der Automobil- und Zulieferindustrie der Emilia-Romagna vertiefen; Rückverlagerung automobiler Wertschöpfungsketten nach Europa; Best Practice Smart City und Smart Infrastructure in der Lombardei.',
  });
  for (const [p, role] of [['dulig', 'HEAD'], ['vogel', 'DELEGATE'], ['queck-haenel', 'DELEGATE'], ['schmidt', 'ORGANISER']]) {
    await insert(db, 'trip_delegates', { trip_id: DEMO_TRIP_ID, person_id: person(p), role }, '(trip_id, person_id)');
  }

  // The programme (times, outcomes and participants below the delegation are invented)
  type MeetingSeed = { key: string; title: string; kind: string; status: string; local: string; end: string; location: string; orgs: string[]; hosts: string[]; outcome?: [string, string, string]; cancel?: string };
  const programme: MeetingSeed[] = [
    { key: 'lombardia', title: 'Politisches Gespräch mit der Regione Lombardia', kind: 'TALK', status: 'HELD', local: '2024-05-13 17:00', end: '2024-05-13 18:30', location: 'Palazzo Lombardia, Milano', orgs: ['lombardia', 'smwa'], hosts: [], outcome: ['Zusammenarbeit in der Allianz der Automobilregionen bekräftigt.', 'Politische Rückendeckung für Unternehmenskontakte', 'Zusage eines Folgetermins auf Arbeitsebene'] },
    { key: 'brembo', title: 'Unternehmensbesuch Brembo', kind: 'VISIT', status: 'HELD', local: '2024-05-14 10:00', end: '2024-05-14 12:00', location: 'Stezzano (BG)', orgs: ['brembo', 'amz'], hosts: ['rossi'], outcome: ['Werksführung; Interesse an sächsischen Zulieferern für Bremsscheiben-Komponenten.', 'Kontakte auf Unternehmensebene herstellen', 'Lieferantenanfrage in Aussicht gestellt'] },
    { key: 'siemens', title: 'Besuch am Hauptsitz von Siemens Italia', kind: 'VISIT', status: 'HELD', local: '2024-05-14 15:30', end: '2024-05-14 17:00', location: 'Milano', orgs: ['siemens-italia', 'zwickau'], hosts: ['bianchi'], outcome: ['Smart-Infrastructure-Projekte in Mailand vorgestellt (Olympia 2026).', 'Best Practice Smart Infrastructure kennenlernen', 'Pilotidee für Zwickau besprochen'] },
    { key: 'milano', title: 'Smart City Mailand: Austausch mit der Stadtverwaltung', kind: 'TALK', status: 'HELD', local: '2024-05-14 18:00', end: '2024-05-14 19:00', location: 'Comune di Milano', orgs: ['milano', 'zwickau'], hosts: ['colombo'], outcome: ['Datenplattform der Stadt vorgestellt.', 'Smart-City-Erfahrungen austauschen', 'Kontakt zum Smart City Office'] },
    { key: 'lamborghini', title: 'Unternehmensbesuch Lamborghini', kind: 'VISIT', status: 'HELD', local: '2024-05-15 10:00', end: '2024-05-15 12:30', location: "Sant'Agata Bolognese", orgs: ['lamborghini', 'amz'], hosts: ['damico'], outcome: ['Nachhaltige Fahrzeugproduktion besichtigt.', 'Wissensaustausch nachhaltige Produktion', 'Absichtserklärung zum Wissensaustausch vereinbart'] },
    { key: 'b2b-modena', title: 'B2B-Gespräche Automobilzulieferer Modena', kind: 'B2B', status: 'HELD', local: '2024-05-15 15:00', end: '2024-05-15 17:00', location: 'Modena', orgs: ['emilia-romagna', 'amz', 'zwickau'], hosts: ['ferrari'], outcome: ['Zwölf Gespräche zwischen sächsischen und emilianischen Zulieferern.', 'Kooperationsmöglichkeiten ausloten', 'Zwei Ansiedlungs- und Diversifizierungsinteressen'] },
    { key: 'emilia-romagna', title: 'Gespräch mit der Regione Emilia-Romagna', kind: 'TALK', status: 'PLANNED', local: '2024-05-16 10:00', end: '2024-05-16 11:30', location: 'Bologna', orgs: ['emilia-romagna', 'smwa'], hosts: ['ferrari'] },
    { key: 'dinner', title: 'Abendempfang der Handelskammer', kind: 'EVENT', status: 'CANCELLED', local: '2024-05-15 19:30', end: '2024-05-15 22:00', location: 'Bologna', orgs: [], hosts: [], cancel: 'Vom Gastgeber abgesagt (erfunden für die Demo)' },
  ];
  for (const m of programme) {
    await db.query(
      `INSERT INTO meetings (id, trip_id, title, kind, status, cancel_reason, starts_at, ends_at, time_zone, location,
         agenda, outcome_summary, intended_result, actual_result, logged_by, logged_at)
       VALUES ($1, $2, $3, $4, $5, $6, ($7::timestamp AT TIME ZONE 'Europe/Rome'), ($8::timestamp AT TIME ZONE 'Europe/Rome'),
         'Europe/Rome', $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO NOTHING`,
      [
        meeting(m.key), DEMO_TRIP_ID, m.title, m.kind, m.status, m.cancel ?? null, m.local, m.end, m.location,
        'Demo programme item (times invented).', m.outcome?.[0] ?? null, m.outcome?.[1] ?? null, m.outcome?.[2] ?? null,
        m.status === 'HELD' ? userIds.staff : null, m.status === 'HELD' ? `${m.local.slice(0, 10)} 20:00:00+02` : null,
      ],
    );
    for (const o of m.orgs) await insert(db, 'meeting_organisations', { meeting_id: meeting(m.key), organisation_id: org(o) }, '(meeting_id, organisation_id)');
    const delegation = m.kind === 'TALK' && m.orgs.includes('smwa') ? ['dulig', 'schmidt'] : ['dulig', 'vogel', 'queck-haenel', 'schmidt'];
    if (m.status !== 'CANCELLED') {
      for (const p of delegation) await insert(db, 'meeting_participants', { meeting_id: meeting(m.key), person_id: person(p), side: p === 'schmidt' ? 'INTERNAL' : 'DELEGATION' }, '(meeting_id, person_id)');
      for (const p of m.hosts) await insert(db, 'meeting_participants', { meeting_id: meeting(m.key), person_id: person(p), side: 'HOST' }, '(meeting_id, person_id)');
    }
  }

  // Leads across every stage, with their stage history
  type LeadSeed = { key: string; title: string; kind: string; topics: string[]; path: string[]; orgs: [string, 'SAXON' | 'PARTNER'][]; contacts: string[]; from: string; value?: number; jobs?: number; probability?: number; nextStep?: string; nextStepInDays?: number; closedReason?: string; owner: 'staff' | 'lead' };
  const leads: LeadSeed[] = [
    { key: 'brembo-supply', title: 'Bremsscheiben-Komponenten sächsischer Zulieferer für Brembo', kind: 'SUPPLY', topics: ['reshoring of automotive value chains', 'brakes'], path: ['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING'], orgs: [['brembo', 'PARTNER'], ['amz', 'SAXON']], contacts: ['rossi', 'vogel'], from: 'brembo', value: 2500000, jobs: 40, probability: 60, nextStep: 'Angebote zweier AMZ-Mitglieder an Brembo übergeben', nextStepInDays: 7, owner: 'staff' },
    { key: 'zwickau-pilot', title: 'Smart-Infrastructure-Pilot Zwickau mit Siemens Italia', kind: 'MUNICIPAL', topics: ['smart city', 'smart infrastructure'], path: ['NEW', 'CONTACTED', 'QUALIFIED'], orgs: [['siemens-italia', 'PARTNER'], ['zwickau', 'SAXON']], contacts: ['bianchi', 'queck-haenel'], from: 'siemens', value: 800000, probability: 40, nextStep: 'Workshop in Zwickau terminieren', nextStepInDays: 21, owner: 'lead' },
    { key: 'autonomous-rd', title: 'F&E-Kooperation autonome Fahrzeuge', kind: 'JOINT_RD', topics: ['autonomous vehicles'], path: ['NEW', 'CONTACTED'], orgs: [['emilia-romagna', 'PARTNER'], ['amz', 'SAXON']], contacts: ['ferrari', 'vogel'], from: 'b2b-modena', value: 1200000, probability: 25, nextStep: 'Förderprogramme beider Regionen abgleichen', nextStepInDays: -30, owner: 'staff' },
    { key: 'zwickau-settlement', title: 'Ansiedlung eines emilianischen Zulieferers in Zwickau', kind: 'INVESTMENT', topics: ['reshoring of automotive value chains', 'electromobility'], path: ['NEW'], orgs: [['zwickau', 'SAXON'], ['emilia-romagna', 'PARTNER']], contacts: ['queck-haenel'], from: 'b2b-modena', value: 15000000, jobs: 120, probability: 10, nextStep: 'Standortexposé senden', nextStepInDays: 3, owner: 'lead' },
    { key: 'lamborghini-sustainability', title: 'Wissensaustausch nachhaltige Fahrzeugproduktion mit Lamborghini', kind: 'KNOWLEDGE_EXCHANGE', topics: ['sustainable vehicle production'], path: ['NEW', 'CONTACTED', 'QUALIFIED', 'NEGOTIATING', 'WON'], orgs: [['lamborghini', 'PARTNER'], ['amz', 'SAXON']], contacts: ['damico', 'vogel'], from: 'lamborghini', value: 150000, probability: 100, owner: 'staff' },
    { key: 'sensor-export', title: 'Export sächsischer Sensorik an die Stadt Mailand', kind: 'EXPORT', topics: ['smart city'], path: ['NEW', 'CONTACTED', 'LOST'], orgs: [['milano', 'PARTNER']], contacts: ['colombo'], from: 'milano', value: 300000, closedReason: 'Ausschreibung an einen Wettbewerber vergeben (erfunden)', owner: 'staff' },
    { key: 'milano-data', title: 'Smart-City-Datenplattform: Erfahrungsaustausch Mailand-Zwickau', kind: 'MUNICIPAL', topics: ['smart city'], path: ['NEW', 'CONTACTED', 'ON_HOLD'], orgs: [['milano', 'PARTNER'], ['zwickau', 'SAXON']], contacts: ['colombo', 'queck-haenel'], from: 'milano', closedReason: 'Nach der Kommunalwahl neu bewerten (erfunden)', owner: 'lead' },
  ];
  for (const l of leads) {
    const stage = l.path[l.path.length - 1];
    const opened = new Date(Date.UTC(2024, 4, 14, 18, 0));
    await db.query(
      `INSERT INTO leads (id, title, description, kind, topics, stage, stage_changed_at, owner_id, origin_trip_id, origin_meeting_id,
         estimated_value, potential_jobs, probability, next_step, next_step_date, closed_reason, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
         CASE WHEN $15::int IS NULL THEN NULL ELSE current_date + $15::int END, $16, $17, $7)
       ON CONFLICT (id) DO NOTHING`,
      [
        lead(l.key), l.title, 'Demo lead (invented).', l.kind, l.topics, stage,
        new Date(opened.getTime() + (l.path.length - 1) * 30 * 86400000), userIds[l.owner], DEMO_TRIP_ID, meeting(l.from),
        l.value ?? null, l.jobs ?? null, l.probability ?? null, l.nextStep ?? null, l.nextStepInDays ?? null, l.closedReason ?? null, opened,
      ],
    );
    for (const [o, side] of l.orgs) await insert(db, 'lead_organisations', { lead_id: lead(l.key), organisation_id: org(o), side }, '(lead_id, organisation_id)');
    for (const p of l.contacts) await insert(db, 'lead_contacts', { lead_id: lead(l.key), person_id: person(p) }, '(lead_id, person_id)');
    for (let i = 0; i < l.path.length; i += 1) {
      const reason = i === 0 ? 'Opened after the meeting' : l.path[i] === 'LOST' || l.path[i] === 'ON_HOLD' ? l.closedReason : null;
      await insert(db, 'lead_stage_changes', {
        id: demoId(`stage:${l.key}:${i}`), lead_id: lead(l.key), from_stage: i === 0 ? null : l.path[i - 1], to_stage: l.path[i],
        reason, changed_by: userIds[l.owner], changed_at: new Date(opened.getTime() + i * 30 * 86400000),
      });
    }
  }

  // The converted partnership
  const partnershipId = demoId('partnership:lamborghini-mou');
  await insert(db, 'partnerships', {
    id: partnershipId, lead_id: lead('lamborghini-sustainability'), title: 'Absichtserklärung Wissensaustausch nachhaltige Produktion',
    kind: 'MOU', signed_on: '2024-09-20', value_eur: 150000, status: 'ACTIVE', description: 'Demo partnership (invented).',
  });
  for (const o of ['lamborghini', 'amz']) await insert(db, 'partnership_parties', { partnership_id: partnershipId, organisation_id: org(o) }, '(partnership_id, organisation_id)');

  // Follow-ups: commitments from the meetings and ordinary tasks, some overdue
  type TaskSeed = { key: string; title: string; dueInDays?: number; due?: string; status: string; meeting?: string; lead?: string; organisation?: string; promisedBy?: string; assignee: 'staff' | 'lead' };
  const tasks: TaskSeed[] = [
    { key: 'brembo-list', title: 'Liste sächsischer Bremsscheiben-Zulieferer an Brembo senden', due: '2024-06-15', status: 'OPEN', meeting: 'brembo', lead: 'brembo-supply', promisedBy: 'vogel', assignee: 'staff' },
    { key: 'brembo-offers', title: 'Angebote der AMZ-Mitglieder einsammeln', dueInDays: 7, status: 'OPEN', lead: 'brembo-supply', assignee: 'staff' },
    { key: 'siemens-sketch', title: 'Pilotskizze Smart Infrastructure für Zwickau an Siemens Italia', dueInDays: 10, status: 'OPEN', meeting: 'siemens', lead: 'zwickau-pilot', promisedBy: 'queck-haenel', assignee: 'lead' },
    { key: 'lombardia-followup', title: 'Folgetermin auf Arbeitsebene mit der Regione Lombardia vereinbaren', due: '2024-07-01', status: 'OPEN', meeting: 'lombardia', organisation: 'lombardia', promisedBy: 'dulig', assignee: 'lead' },
    { key: 'lamborghini-mou', title: 'Entwurf der Absichtserklärung abstimmen', due: '2024-08-31', status: 'DONE', meeting: 'lamborghini', lead: 'lamborghini-sustainability', promisedBy: 'damico', assignee: 'staff' },
    { key: 'expose', title: 'Standortexposé Zwickau übersetzen lassen (italienisch)', dueInDays: 3, status: 'OPEN', lead: 'zwickau-settlement', organisation: 'zwickau', assignee: 'lead' },
  ];
  for (const t of tasks) {
    await db.query(
      `INSERT INTO tasks (id, title, due_date, status, completed_at, meeting_id, lead_id, organisation_id, is_commitment, promised_by_id, assignee_id, created_by)
       VALUES ($1, $2, COALESCE($3::date, current_date + $4::int), $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT (id) DO NOTHING`,
      [
        demoId(`task:${t.key}`), t.title, t.due ?? null, t.dueInDays ?? null, t.status, t.status === 'DONE' ? new Date(Date.UTC(2024, 7, 30)) : null,
        t.meeting ? meeting(t.meeting) : null, t.lead ? lead(t.lead) : null, t.organisation ? org(t.organisation) : null,
        !!t.promisedBy, t.promisedBy ? person(t.promisedBy) : null, userIds[t.assignee],
      ],
    );
  }

  // Notes and tags
  await insert(db, 'notes', { id: demoId('note:brembo'), record_type: 'ORGANISATION', record_id: org('brembo'), body: 'Einkauf bevorzugt Lieferanten mit IATF-16949-Zertifikat (demo).', author_id: userIds.staff });
  await insert(db, 'notes', { id: demoId('note:brembo-lead'), record_type: 'LEAD', record_id: lead('brembo-supply'), body: 'Zwei AMZ-Mitglieder haben Interesse bestätigt (demo).', author_id: userIds.staff });
  for (const [type, id, tag] of [
    ['ORGANISATION', org('brembo'), 'tier-1'],
    ['ORGANISATION', org('brembo'), 'italien'],
    ['ORGANISATION', org('lamborghini'), 'italien'],
    ['ORGANISATION', org('siemens-italia'), 'italien'],
    ['LEAD', lead('brembo-supply'), 'priorität'],
    ['PERSON', person('rossi'), 'einkauf'],
  ]) {
    await insert(db, 'taggings', { record_type: type, record_id: id, tag, created_by: userIds.staff }, '(record_type, record_id, tag)');
  }
}
