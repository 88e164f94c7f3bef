// Security headers of everything the web listener serves, set by helmet. Three policies:
//   apiSecurityHeaders()                      JSON only: the API loads nothing, so CSP is 'none'
//   softphoneSecurityHeaders({ connectSrc })  the softphone's own files, plus the SIP WSS URL it
//                                             registers on (another port, so not 'self')
//   consoleSecurityHeaders()                  the admin console's own files; it talks to the API
//                                             only ('self') and plays prompt previews from blob:
// Both forbid framing (frame-ancestors 'none' and X-Frame-Options DENY, against clickjacking),
// sniffing (nosniff) and referrers. HSTS is sent only on requests that came over TLS: a
// browser told to insist on HTTPS for a host that serves plain HTTP would lock itself out.
import type { RequestHandler } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

type Directives = Record<string, string[]>;

const common: Directives = {
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

function headers(directives: Directives): RequestHandler[] {
  const hsts = strictTransportSecurity({ maxAge: 365 * 86400, includeSubDomains: true });
  return [
    helmet({
      // No defaults: helmet's default upgrade-insecure-requests would break a plain-HTTP install.
      contentSecurityPolicy: { useDefaults: false, directives: { ...common, ...directives } },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}

export function apiSecurityHeaders(): RequestHandler[] {
  return headers({ defaultSrc: ["'none'"], formAction: ["'none'"] });
}

export interface SoftphonePolicy {
  /** Origins the page may connect to besides its own: the SIP WSS URL (wss://host:port). */
  connectSrc: string[];
}

export function softphoneSecurityHeaders({ connectSrc }: SoftphonePolicy): RequestHandler[] {
  // Remote audio plays from a MediaStream; the ringer from a WebAudio stream.
  return pageHeaders(["'self'", ...connectSrc.filter((origin) => origin !== '')], ["'self'", 'blob:', 'mediastream:']);
}

export function consoleSecurityHeaders(): RequestHandler[] {
  // Prompts are fetched with the token and played from a blob: URL.
  return pageHeaders(["'self'"], ["'self'", 'blob:']);
}

/** A page of the app's own files: scripts and styles from 'self' only, no inline code, no eval. */
function pageHeaders(connectSrc: string[], mediaSrc: string[]): RequestHandler[] {
  return headers({
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // The stylesheet only; the bundle sets element.style through the CSSOM, which CSP allows.
    styleSrc: ["'self'"],
    // The favicon is an empty data: URL in index.html.
    imgSrc: ["'self'", 'data:'],
    mediaSrc,
    connectSrc,
    formAction: ["'self'"],
  });
}
