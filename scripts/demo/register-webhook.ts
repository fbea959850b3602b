import { runCommand } from './run-command.js';

const SECRET_LINE = /^SATWS_WEBHOOK_SECRET=(\S+)$/m;

/**
 * Registers the api's webhook URL at the simulator with the operators' command
 * (`services/api/dist/cli/register-webhook.js`, what the README tells them to run against the
 * real SAT.ws) and returns the signing secret it prints for SATWS_WEBHOOK_SECRET.
 */
export async function registerWebhook(options: {
  root: string;
  webhookUrl: string;
  satws: { baseUrl: string; apiKey: string };
  logFile: string;
}): Promise<string> {
  const { stdout } = await runCommand(
    process.execPath,
    ['services/api/dist/cli/register-webhook.js', options.webhookUrl],
    {
      cwd: options.root,
      env: {
        ...process.env,
        SATWS_BASE_URL: options.satws.baseUrl,
        SATWS_API_KEY: options.satws.apiKey,
        LOG_LEVEL: 'warn',
      },
      logFile: options.logFile,
    },
  );
  const secret = SECRET_LINE.exec(stdout)?.[1];
  if (!secret) {
    throw new Error(
      `register-webhook printed no SATWS_WEBHOOK_SECRET=… line; it printed:\n${stdout.trim()}`,
    );
  }
  return secret;
}
