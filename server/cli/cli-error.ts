/** A mistake in how a command was called, reported as one line without a stack trace. */
export class CliError extends Error {}
