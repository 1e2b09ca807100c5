import * as ts from 'typescript';
import { asViewer } from '../../src/access/access-policy';
import { Role } from '../../src/auth/role.enum';
import type { Table } from '../../src/database/table';

/**
 * A lint for the policy's one rule: every SQL read of leads or meetings, and
 * every lookup by a lead's or a meeting's id in another table, carries the
 * policy's condition (access-policy.ts) in the same function. It reads the
 * TypeScript source, finds the SQL text in string and template literals,
 * and reports each read or lookup whose alias no policy call names.
 * Used by test/integration/unscoped-reads.spec.ts; a new helper of the
 * policy is taught to `coveredBy` in the same change.
 */

export interface UnscopedRead {
  file: string;
  /** The function (or top-level statement) holding the SQL. */
  scope: string;
  /** What is read without the policy: `leads l`, `pa.lead_id`. */
  reads: string;
  sql: string;
}

const SQL_WORDS = new Set(['where', 'on', 'join', 'left', 'right', 'inner', 'cross', 'full', 'group', 'order', 'limit', 'union', 'using', 'as', 'and', 'or', 'for']);
const GUARDED_TABLES = ['leads', 'meetings'];
const REFERENCE_COLUMNS = ['lead_id', 'meeting_id', 'origin_meeting_id'];

/** What a Table's own visibility covers: its row (leads, meetings) and the lead/meeting columns its condition checks. */
export function tableCoverage(table: Table<any>): string[] {
  const alias = table.spec.alias;
  const condition = asViewer({ kind: 'USER', userId: '00000000-0000-4000-8000-000000000000', role: Role.STAFF }, () => table.visible());
  if (condition === 'TRUE') return [];
  const covered = GUARDED_TABLES.includes(table.spec.table) ? [`${alias}.id`] : [];
  for (const column of REFERENCE_COLUMNS) if (condition.includes(`${alias}.${column}`)) covered.push(`${alias}.${column}`);
  return covered;
}

/** `alias.column` references the policy calls in `text` vouch for. */
function coveredBy(text: string, tables: Record<string, Table<any>>): Set<string> {
  const covered = new Set<string>();
  for (const m of text.matchAll(/visibleSql\(\s*'(?:LEAD|MEETING)'\s*,\s*'(\w+)'/g)) covered.add(`${m[1]}.id`);
  for (const m of text.matchAll(/tableVisibleSql\([^,]+,\s*'(\w+)'/g)) covered.add(`${m[1]}.id`);
  for (const m of text.matchAll(/(?:leadRefVisible|meetingRefVisible)\(\s*[`'"]([\w.]+)[`'"]/g)) covered.add(m[1]);
  for (const m of text.matchAll(/taskVisibleSql\(\s*'(\w+)'/g)) {
    covered.add(`${m[1]}.lead_id`);
    covered.add(`${m[1]}.meeting_id`);
  }
  for (const m of text.matchAll(/\b(?:this\.)?(\w+)\.(?:visible|visibleWhere)\(\)/g)) {
    const table = tables[m[1]];
    if (table) for (const ref of tableCoverage(table)) covered.add(ref);
  }
  return covered;
}

/** The reads and id lookups of leads and meetings in one piece of SQL text (template spans included as written). */
function readsIn(sql: string, tables: Record<string, Table<any>>): { ref: string; shown: string }[] {
  if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)) return [];
  const reads: { ref: string; shown: string }[] = [];
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(leads|meetings)\b(?:\s+(?:AS\s+)?([a-z_]\w*))?/gi)) {
    const alias = m[2] && !SQL_WORDS.has(m[2].toLowerCase()) ? m[2] : m[1];
    reads.push({ ref: `${alias}.id`, shown: `${m[1]} ${alias}` });
  }
  for (const m of sql.matchAll(/\$\{\s*(?:this\.)?(\w+)\.from\s*\}/g)) {
    const table = tables[m[1]];
    if (table && tableCoverage(table).length) {
      for (const ref of tableCoverage(table)) reads.push({ ref, shown: `${table.spec.table} ${table.spec.alias}` });
    }
  }
  // `= $1`, `= ANY(...)`, `IN (...)` or `= ${param}` look ids up; `= ${alias}.id` only correlates with a row read under the policy.
  const lookup = new RegExp(
    `\\b(?:(\\w+)\\.)?(${REFERENCE_COLUMNS.join('|')})\\s*(?:=\\s*(?:\\$\\d|\\$\\{(?![^}]*\\}\\.id\\b)(?![^}]*\\.id\\s*\\})|ANY\\b)|IN\\s*\\()`,
    'gi',
  );
  for (const m of sql.matchAll(lookup)) {
    const ref = m[1] ? `${m[1]}.${m[2]}` : m[2];
    reads.push({ ref, shown: ref });
  }
  return reads.filter((read, i) => reads.findIndex((other) => other.ref === read.ref) === i);
}

/** A join to leads or meetings on `ref` whose own row the policy covers covers `ref` too (`JOIN leads l ON l.id = lc.lead_id`). */
function joinCovers(sql: string, ref: string, covered: Set<string>): boolean {
  const [qualifier, column] = ref.includes('.') ? ref.split('.') : [undefined, ref];
  const target = column === 'lead_id' ? 'leads' : 'meetings';
  const refPattern = qualifier ? `${qualifier}\\.${column}` : column;
  const join = new RegExp(`JOIN\\s+${target}\\s+(?:AS\\s+)?(\\w+)\\s+ON\\s+(?:\\1\\.id\\s*=\\s*${refPattern}|${refPattern}\\s*=\\s*\\1\\.id)\\b`, 'i');
  const m = sql.match(join);
  return !!m && covered.has(`${m[1]}.id`);
}

function scopeName(node: ts.Node, source: ts.SourceFile): { name: string; node: ts.Node } {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isMethodDeclaration(current) || ts.isFunctionDeclaration(current) || ts.isGetAccessor(current)) {
      return { name: current.name?.getText(source) ?? '(anonymous)', node: current };
    }
    if (ts.isPropertyAssignment(current) && (ts.isArrowFunction(current.initializer) || ts.isFunctionExpression(current.initializer))) {
      return { name: current.name.getText(source), node: current };
    }
    if (ts.isVariableStatement(current) && current.parent === source) {
      return { name: current.declarationList.declarations[0].name.getText(source), node: current };
    }
  }
  return { name: '(module)', node: source };
}

/** Every read of leads or meetings in `code` that no policy condition in its function covers. */
export function unscopedReads(file: string, code: string, tables: Record<string, Table<any>>): UnscopedRead[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: UnscopedRead[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      const sql = node.getText(source).slice(1, -1);
      const reads = readsIn(sql, tables);
      if (reads.length) {
        const scope = scopeName(node, source);
        const covered = coveredBy(scope.node.getText(source), tables);
        for (const read of reads) {
          const bare = read.ref.includes('.') ? read.ref.split('.')[1] : read.ref;
          const ok =
            covered.has(read.ref) || (!read.ref.includes('.') && [...covered].some((ref) => ref.endsWith(`.${bare}`) || ref === bare)) || joinCovers(sql, read.ref, covered);
          if (!ok) found.push({ file, scope: scope.name, reads: read.shown, sql: sql.replace(/\s+/g, ' ').trim().slice(0, 160) });
        }
      }
      return; // a template's spans were read with it
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
