/**
 * The day a section is due: its own due date, or else its report's. A section added to the outline
 * later, or assigned without a date, is still due when the report is: boards, reminders and the
 * workspace count its days from the report's date rather than showing none.
 * @example effectiveDueDate({ dueDate: null }, { dueDate: '2020-07-10' }) // '2020-07-10'
 */
export function effectiveDueDate(section: { dueDate: string | null }, report: { dueDate: string | null }): string | null {
  return section.dueDate ?? report.dueDate;
}
