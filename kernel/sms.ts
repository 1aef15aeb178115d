import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock';
import { DEFAULT_DATA_DIR, isProduction, type Env } from './config';
import { StartupError } from './errors';

/** The SMS port: an HTTP gateway in production (and in tests), text files in development. */
export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

/**
 * Posts {to, text} as JSON to SMS_WEBHOOK_URL, with SMS_WEBHOOK_TOKEN as a bearer token: the
 * shape most SMS providers' HTTP APIs (or a small relay in front of them) accept.
 */
class WebhookSms implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async send(to: string, text: string): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
  }
}

class FileSms implements SmsSender {
  constructor(
    private readonly directory: string,
    private readonly clock: Clock,
  ) {}

  async send(to: string, text: string): Promise<void> {
    fs.mkdirSync(this.directory, { recursive: true });
    const name = `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${to.replace(/\D/g, '')}.txt`;
    fs.writeFileSync(path.join(this.directory, name), `To: ${to}\n\n${text}\n`);
  }
}

export function smsFromEnv(env: Env, clock: Clock): SmsSender {
  if (env.SMS_WEBHOOK_URL) {
    try {
      new URL(env.SMS_WEBHOOK_URL);
    } catch {
      throw new StartupError('SMS_WEBHOOK_URL is not a valid URL: use https://sms-gateway.example/messages.');
    }
    return new WebhookSms(env.SMS_WEBHOOK_URL, env.SMS_WEBHOOK_TOKEN);
  }
  if (isProduction(env)) throw new StartupError('SMS_WEBHOOK_URL is not set: production sends text messages through an SMS gateway.');
  return new FileSms(path.join(env.DATA_DIR ? path.resolve(env.DATA_DIR) : DEFAULT_DATA_DIR, 'sms'), clock);
}
