/**
 * The name a session shows in the server's process list (`application_name`, `program_name`):
 * the application name (default `sluice`) followed by what the session is for. Callers may pass a
 * purpose that already starts with the application name; it is not repeated.
 */
export function sessionName(applicationName: string | undefined, purpose: string | undefined): string {
  const app = applicationName ?? 'sluice';
  if (purpose === undefined || purpose === '') return app;
  if (purpose === app || purpose.startsWith(`${app} `)) return purpose;
  return `${app} ${purpose}`;
}
