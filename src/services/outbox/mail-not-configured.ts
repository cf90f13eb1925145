import type { OutboxSender } from './deliver-due-messages.ts';

/** The mail sender until one exists: every queued mail is given up, with the reason in the log. */
export const mailNotConfigured: OutboxSender = async () => ({ outcome: 'drop', error: 'mail is not configured' });
