import type { Messages } from '../../functions/domain/texts';

/** What the console is told by the server at /staff/config.json (functions/web/console.ts). */
export interface ConsoleConfig {
  /** The OpenID Connect issuer staff sign in with (Cognito's user pool, or the local issuer). */
  authority: string;
  clientId: string;
  scope: string;
  /** Where signing out happens (Cognito's discovery document does not name it). */
  endSessionEndpoint: string;
  organisation: { name: string; phone: string; email: string };
  language: string;
  bankHolidays: 'england-and-wales' | 'scotland' | 'northern-ireland';
  closureDays: string[];
  functions: Array<{ id: string; name: string }>;
  /** The policy's complaint categories (a complaint's category is one of these ids). */
  complaintCategories: Array<{ id: string; name: string }>;
  stages: Array<{ name: string; owner: string; workingDays: number }>;
  /** The policy's information-request review: its working days, and the most with its one extension. */
  informationRequestReview: { workingDays: number; maxWorkingDays: number };
  channels: string[];
  staffChannels: string[];
  decisions: string[];
  /** The locale's `console` section (web/locales/<language>.json): every word the console shows. */
  texts: Messages;
}
