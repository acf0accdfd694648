import type { Category, TicketUrgency } from './ticket-types.js';

/**
 * Default time limits in working days (domain.md, "Deadlines"): 特急 the next working day,
 * 紧急 3; otherwise by category — consultations 2, help requests 5, suggestions, criticism,
 * complaints and reports 13. Counted from assignment.
 */
export const DEFAULT_LIMITS = {
  urgency: { very_urgent: 1, urgent: 3 } as Partial<Record<TicketUrgency, number>>,
  category: { consultation: 2, help: 5, suggestion: 13, criticism: 13, complaint: 13, report: 13 } as Record<Category, number>,
};

export function defaultWorkingDays(urgency: TicketUrgency, category: Category): number {
  return DEFAULT_LIMITS.urgency[urgency] ?? DEFAULT_LIMITS.category[category];
}
