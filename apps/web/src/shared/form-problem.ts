/** Thrown by a form dialog's `save` for a problem the form found itself: its message is shown as is. */
export class FormProblem extends Error {}
