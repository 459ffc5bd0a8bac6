import cycle2026 from '../../config/cycle-2026.json';
import type { Cycle } from '../../functions/domain/cycle';
import {
  dueReminder,
  escalationFor,
  isEscalationDue,
  linkExpiry,
  reminderTimes,
  reviewDueAt,
} from '../../functions/domain/reminders';

const DAY = 24 * 60 * 60 * 1000;
const cycle = { ...(cycle2026 as Cycle), reminders: { daysBeforeDue: [0.5, 3], max: 2 }, escalationDays: 7 };
const created = new Date('2026-10-01T00:00:00Z');
const due = reviewDueAt(created, cycle, 'hq_review');
const request = {
  createdAt: created.toISOString(),
  dueAt: due.toISOString(),
  expiresAt: linkExpiry(due, cycle).toISOString(),
};

describe('reminder schedule', () => {
  it('counts the due date from the review days, and the link expiry from the escalation period', () => {
    expect(due.getTime() - created.getTime()).toBe(14 * DAY);
    expect(Date.parse(request.expiresAt) - due.getTime()).toBe(7 * DAY);
    expect(linkExpiry(due, { ...cycle, escalationDays: undefined }).getTime()).toBe(due.getTime());
  });

  it('reminds 3 days and half a day before the due date, earliest first, numbered', () => {
    expect(reminderTimes(request, cycle).map((at) => (due.getTime() - at.getTime()) / DAY)).toEqual([3, 0.5]);
    expect(dueReminder(request, cycle, new Date(due.getTime() - 4 * DAY))).toBeUndefined();
    expect(dueReminder(request, cycle, new Date(due.getTime() - 3 * DAY))?.number).toBe(1);
    expect(dueReminder(request, cycle, new Date(due.getTime() - DAY))?.number).toBe(1);
    expect(dueReminder(request, cycle, new Date(due.getTime() - 0.25 * DAY))?.number).toBe(2);
    // A sweep that missed the first one sends only the latest (one mail says it).
    expect(dueReminder(request, cycle, new Date(due.getTime() + DAY))?.number).toBe(2);
  });

  it('sends at most `max`, none scheduled before the request was opened, none without a schedule', () => {
    expect(
      reminderTimes(request, { ...cycle, reminders: { daysBeforeDue: [3, 2, 1], max: 1 } }),
    ).toHaveLength(1);
    const late = { ...request, createdAt: new Date(due.getTime() - 2 * DAY).toISOString() };
    expect(reminderTimes(late, cycle).map((at) => (due.getTime() - at.getTime()) / DAY)).toEqual([0.5]);
    expect(reminderTimes(request, { ...cycle, reminders: undefined })).toEqual([]);
  });

  it('escalates from the due date until the links expire, to the stage escalation address', () => {
    expect(isEscalationDue(request, new Date(due.getTime() - 1))).toBe(false);
    expect(isEscalationDue(request, due)).toBe(true);
    expect(isEscalationDue(request, new Date(Date.parse(request.expiresAt)))).toBe(false);
    const deputy = { name: '부센터장', email: 'deputy@example.test' };
    const director = { name: '국장', email: 'director@example.test' };
    const directory = {
      mailFrom: 'a@example.test',
      intakeAddress: 'b@example.test',
      centers: [],
      hqReviewer: { name: 'hq', email: 'hq@example.test' },
      ministerOffice: { name: 'm', email: 'm@example.test' },
      escalation: { hq_review: director },
    };
    const center = { id: 'c', name: 'C', nominatingAddresses: [], head: director, escalation: deputy };
    expect(escalationFor(directory, 'center_review', center)).toBe(deputy);
    expect(escalationFor(directory, 'hq_review', center)).toBe(director);
    expect(escalationFor(directory, 'minister_approval', center)).toBeUndefined();
  });
});
