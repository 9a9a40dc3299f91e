import type { AgentDirectory } from '../agents/agent-directory.port';
import type { CallLog } from '../ops/call-log.port';
import type { AgentAdmin } from './agents/agent-admin.use-case';
import type { AuditTrail } from './audit/audit-trail.port';
import type { DashboardFiguresQuery } from './dashboard/dashboard-figures.query';
import type { OpeningHours } from './hours/opening-hours.use-case';
import type { OutageNotices } from './notices/outage-notices.use-case';
import type { RiskOutboxDesk } from './risk/risk-outbox.use-case';
import type { TicketWork } from './tickets/ticket-work.use-case';

/** Everything a console page may use; ops-console.ts builds it, the pages import only this type. */
export interface ConsoleServices {
  callLog: CallLog;
  agents: AgentDirectory;
  figures: DashboardFiguresQuery;
  tickets: TicketWork;
  riskOutbox: RiskOutboxDesk;
  notices: OutageNotices;
  hours: OpeningHours;
  agentAdmin: AgentAdmin;
  audit: AuditTrail;
  clock: () => Date;
  timeZone: string;
  businessHoursText: string;
}
