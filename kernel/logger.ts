import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino), one logger per process named after the service. Request
 * loggers are children carrying `reqId`. Anything that could hold a secret is redacted
 * by path, so that a careless `log.info({ headers })` cannot leak it.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL || 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    redact: {
      paths: [
        'headers.authorization',
        'headers.cookie',
        'headers["x-gateway-secret"]',
        '*.password',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.cardNumber',
        '*.cvc',
        'cvc',
        'card.number',
        '*.card.number',
        '*.card.cvc',
        'password',
        'secret',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
