import type { Logger } from 'typeorm';

/** A TypeORM logger that counts the SQL statements sent while counting is on. */
export class QueryCounter implements Logger {
  private counting = false;
  readonly statements: string[] = [];

  async count<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    this.statements.length = 0;
    this.counting = true;
    try {
      const result = await work();
      return { result, statements: [...this.statements] };
    } finally {
      this.counting = false;
    }
  }

  logQuery(query: string): void {
    if (this.counting) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
