/** A form or query the console cannot accept; the message is shown to the person who sent it. */
export class ConsoleInputError extends Error {
  override name = 'ConsoleInputError';
}

/** The ticket, notice, agent or call asked for does not exist. */
export class ConsoleNotFoundError extends Error {
  override name = 'ConsoleNotFoundError';
}
