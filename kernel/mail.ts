import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from './clock';
import { DEFAULT_DATA_DIR, isProduction, type Env } from './config';
import { StartupError } from './errors';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The e-mail port: SMTP in production (and in tests, against a real SMTP server), files in development. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Where a person finds the messages (development), for the start banner. */
  readonly describe: string;
}

class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  readonly describe: string;

  constructor(url: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
    const parsed = new URL(url);
    this.describe = `SMTP at ${parsed.hostname}:${parsed.port || 25}`;
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...mail });
  }
}

/** Development: each message is written as an .eml file that any mail program opens. */
class FileMailer implements Mailer {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  readonly describe: string;

  constructor(
    private readonly directory: string,
    private readonly from: string,
    private readonly clock: Clock,
  ) {
    this.describe = `.eml files in ${directory}`;
  }

  async send(mail: Mail): Promise<void> {
    const info = await this.transport.sendMail({ from: this.from, ...mail });
    fs.mkdirSync(this.directory, { recursive: true });
    const name = `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[<>@]/g, '').slice(0, 24)}.eml`;
    fs.writeFileSync(path.join(this.directory, name), info.message as Buffer);
  }
}

/** SMTP_URL (smtp://user:pass@host:587) when set; otherwise .eml files, refused in production. */
export function mailerFromEnv(env: Env, clock: Clock): Mailer {
  const from = env.MAIL_FROM || 'Customer Portal <no-reply@portal.example>';
  if (env.SMTP_URL) {
    try {
      new URL(env.SMTP_URL);
    } catch {
      throw new StartupError('SMTP_URL is not a valid URL: use smtp://user:password@host:587 (or smtps://…:465).');
    }
    return new SmtpMailer(env.SMTP_URL, from);
  }
  if (isProduction(env)) throw new StartupError('SMTP_URL is not set: production sends e-mail through SMTP.');
  return new FileMailer(path.join(env.DATA_DIR ? path.resolve(env.DATA_DIR) : DEFAULT_DATA_DIR, 'mail'), from, clock);
}
