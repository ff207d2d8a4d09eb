/**
 * Security headers on every response. Pages under `/tab/` may be framed by Teams and Microsoft 365
 * only, and run nothing inline; everything else is an API answer that no page may frame or run.
 */
import type { Request, Response, Next } from 'restify';

export const TAB_PATH_PREFIX = '/tab/';

/**
 * The hosts that embed a Teams tab (Teams web and desktop, Outlook, the Microsoft 365 app), as
 * Microsoft lists them for tabs that run across Microsoft 365 ("Tab requirements", Teams platform
 * docs): *.cloud.microsoft is where all of them are moving; Outlook on the web still frames from
 * outlook.office.com and outlook.office365.com. Left out on purpose: Microsoft's own test rings
 * (outlook-sdf.*) and consumer Outlook (outlook.live.com), which no government tenant uses.
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.skype.com',
];

/** Tab pages: own scripts, styles and calls only; no inline code, no plugins, no foreign forms. */
export const TAB_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // Case data and HR figures must not linger in browser or proxy caches; static files may relax it.
  'Cache-Control': 'no-store',
};

export function isTabPath(path: string): boolean {
  return path.startsWith(TAB_PATH_PREFIX) || path === TAB_PATH_PREFIX.slice(0, -1);
}

/**
 * restify `pre` handler. The headers are added as the response head is written, and only where a
 * route has not set its own (restify's `res.header` appends, so presetting them would double a
 * route's `Cache-Control`). HSTS only in production: browsers pin it, which hurts a local dev host.
 */
export function securityHeaders(production: boolean) {
  return (req: Request, res: Response, next: Next): void => {
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      ...(isTabPath(req.getPath()) ? { 'Content-Security-Policy': TAB_PAGE_CSP } : { 'Content-Security-Policy': API_CSP, 'X-Frame-Options': 'DENY' }),
      ...(production ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
    };
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => unknown;
    res.writeHead = ((...args: unknown[]) => {
      for (const [name, value] of Object.entries(headers)) if (!res.hasHeader(name)) res.setHeader(name, value);
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}
