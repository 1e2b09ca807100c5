import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { leadsTable } from '../../src/leads/leads.repository';
import { meetingsTable } from '../../src/meetings/meetings.repository';
import { notesTable } from '../../src/notes/notes.repository';
import { partnershipsTable } from '../../src/partnerships/partnerships.repository';
import { tasksTable } from '../../src/tasks/tasks.repository';
import { unscopedReads } from '../utils/policy-lint';

const ROOT = join(__dirname, '..', '..');

/** The tables with confidential rows, under the names repositories and callers give them. */
const TABLES = {
  leads: leadsTable,
  leadsTable,
  meetings: meetingsTable,
  meetingsTable,
  tasks: tasksTable,
  tasksTable,
  partnerships: partnershipsTable,
  partnershipsTable,
  notes: notesTable,
  notesTable,
};

/** Reads that may skip the policy, each with the reason; keyed `file:function`. */
const ALLOWED: Record<string, string> = {
  'src/access/confidential-reads.plugin.ts:recordLeads':
    'picks, among leads the caller was just handed, the confidential ones to log as READ: it names no lead the answer did not hold',
  'src/reporting/reporting.repository.ts:pipelineScope':
    "its leads are those of pipelineWhere(), which adds visibleSql('LEAD', 'l'); its stays are those leads' (st.lead_id in matched)",
  'src/reporting/reporting.repository.ts:pipelineNow':
    "tally rows count only INTERNAL leads unless the viewer sees everything; the rest are the viewer's visible leads (live, under visibleSql('LEAD', 'f'))",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('Reads of leads and meetings go through the access policy (a lint over src/)', () => {
  it('finds an unscoped read, an unscoped lookup by a lead id, and accepts the policy in each form', () => {
    const code = `
      class R {
        byLead(db, id) { return db.query(\`SELECT \${this.partnerships.select} FROM \${this.partnerships.from} WHERE pa.lead_id = $1\`, [id]); }
        scopedByLead(db, id) { return db.query(\`SELECT * FROM \${this.partnerships.from} WHERE pa.lead_id = $1 AND \${this.partnerships.visible()}\`, [id]); }
        stages(ids) { return this.dataSource.query(\`SELECT * FROM lead_stage_changes WHERE lead_id = ANY($1::uuid[])\`, [ids]); }
        scopedStages(ids) { return this.dataSource.query(\`SELECT * FROM lead_stage_changes c WHERE c.lead_id = ANY($1::uuid[]) AND \${leadRefVisible('c.lead_id')}\`, [ids]); }
        meeting(db, id) { return db.query(\`SELECT m.id FROM meetings m WHERE m.id = $1\`, [id]); }
        scopedMeeting(db, id) { return db.query(\`SELECT m.id FROM meetings m WHERE m.id = $1 AND \${visibleSql('MEETING', 'm')}\`, [id]); }
        joined(ids) { return this.dataSource.query(\`SELECT l.* FROM lead_contacts lc JOIN leads l ON l.id = lc.lead_id WHERE lc.lead_id = ANY($1) AND \${this.leads.visible()}\`, [ids]); }
        write(db, id) { return db.query(\`DELETE FROM lead_contacts WHERE lead_id = $1\`, [id]); }
      }`;
    expect(unscopedReads('fixture.ts', code, TABLES).map((read) => `${read.scope}: ${read.reads}`)).toEqual([
      'byLead: partnerships pa',
      'stages: lead_id',
      'meeting: meetings m',
    ]);
  });

  it('finds none in src/ beyond the allowed ones, each with its reason', () => {
    const found = sourceFiles(join(ROOT, 'src'))
      .filter((path) => !path.endsWith('access-policy.ts'))
      .flatMap((path) => unscopedReads(relative(ROOT, path), readFileSync(path, 'utf8'), TABLES));
    const unexplained = found.filter((read) => !ALLOWED[`${read.file}:${read.scope}`]);
    expect(unexplained.map((read) => `${read.file}:${read.scope}: ${read.reads} in ${read.sql}`)).toEqual([]);
    // An allowance outliving its read is stale.
    const stale = Object.keys(ALLOWED).filter((key) => !found.some((read) => `${read.file}:${read.scope}` === key));
    expect(stale).toEqual([]);
  });
});
