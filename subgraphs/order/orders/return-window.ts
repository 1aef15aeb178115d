/** O12: "Request a Return" is open for 30 days after purchase (the money-back guarantee). */
export const RETURN_WINDOW_DAYS = 30;

/** The last moment a return may be requested: the purchase plus 30 days, on the one clock's timeline. */
export function returnableUntil(placedAt: Date): Date {
  return new Date(placedAt.getTime() + RETURN_WINDOW_DAYS * 86_400_000);
}
