import type { Case } from '../../functions/domain/case';
import type { LetterRecord, ReportRepository, StoredMonth } from '../../functions/domain/ports';
import type { MonthlyReport } from '../../functions/domain/reports/monthly-schema';

/**
 * The report store in memory, keeping the DynamoDB adapter's promises
 * (functions/adapters/dynamodb-report-repository.ts): one report per month (storing again
 * replaces it), the months newest first, a month's cases by their London month of receipt, and an
 * email claim that only the first claimant (or one after a release) holds.
 */
export class MemoryReports implements ReportRepository {
  readonly reports = new Map<string, MonthlyReport>();
  readonly emails = new Map<string, LetterRecord | 'released'>();
  /** How many times each month's cases were read. */
  readonly reads: string[] = [];

  constructor(private readonly allCases: () => Case[] = () => []) {}

  async casesReceivedIn(month: string): Promise<Case[]> {
    this.reads.push(month);
    return structuredClone(this.allCases().filter((c) => c.receivedOn.startsWith(`${month}-`)));
  }

  async saveMonth(report: MonthlyReport): Promise<void> {
    this.reports.set(report.month, structuredClone(report));
  }

  async getMonth(month: string): Promise<MonthlyReport | undefined> {
    const r = this.reports.get(month);
    return r && structuredClone(r);
  }

  async months(): Promise<StoredMonth[]> {
    return [...this.reports.values()]
      .sort((a, b) => b.month.localeCompare(a.month))
      .map((r) => ({ month: r.month, generatedAt: r.generatedAt, complaints: r.received.complaints, compliments: r.received.compliments, openOverdue: r.open.overdue }));
  }

  async claimEmail(month: string, run: string, at: string): Promise<LetterRecord | undefined> {
    const key = `${month}#${run}`;
    const earlier = this.emails.get(key);
    if (earlier && earlier !== 'released') return { ...earlier };
    this.emails.set(key, { state: 'sending', at });
    return undefined;
  }

  async settleEmail(month: string, run: string, record: LetterRecord): Promise<void> {
    this.emails.set(`${month}#${run}`, { ...record });
  }

  async releaseEmail(month: string, run: string): Promise<void> {
    this.emails.set(`${month}#${run}`, 'released');
  }
}
