// Who may talk to the endpoint: programs on this machine, addressed by a loopback name. A web
// page can reach a loopback server too, through DNS rebinding (its own host name resolved to
// 127.0.0.1): such a request carries the page's host name, and a browser adds Origin and
// Sec-Fetch-* headers. Either is refused before anything else happens.

import type { IncomingMessage } from 'node:http';

/** A request refused for who sent it. */
export class ForeignCaller extends Error {}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

/** Host names a request may address: the loopback names and the host the endpoint listens on. */
export function allowedHostNames(listenHost: string): Set<string> {
  return new Set([...LOOPBACK_NAMES, bareHost(listenHost)]);
}

/** Why the request is refused, or undefined when it comes from an allowed caller. */
export function foreignCaller(req: IncomingMessage, allowed: ReadonlySet<string>): string | undefined {
  if (req.headers.origin !== undefined || req.headers['sec-fetch-mode'] !== undefined) {
    return 'requests from web pages are refused: the local warehouse answers programs on this machine only';
  }
  const host = req.headers.host;
  if (host === undefined) return 'the request has no Host header';
  const name = hostName(host);
  if (!allowed.has(name)) {
    return `requests for host '${name}' are refused: address the endpoint as ${[...allowed].map((h) => (h.includes(':') ? `[${h}]` : h)).join(', ')}`;
  }
  return undefined;
}

/** The host name of a Host header: port removed, brackets of an IPv6 literal removed, lower case. */
function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') === -1 ? undefined : text.indexOf(']'));
  const colon = text.lastIndexOf(':');
  return colon === -1 ? text : text.slice(0, colon);
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '');
}

/** True when the host name is a loopback address or name. */
export function isLoopback(host: string): boolean {
  const name = bareHost(host);
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
