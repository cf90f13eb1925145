import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../../domain/ip-address.ts';

/** How long a receiver has to answer, body included (GitLab's default webhook timeout). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a response body is kept for the delivery log; the rest is not read. */
export const WEBHOOK_RESPONSE_BODY_LIMIT = 8 * 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowLocal: boolean;
  verifyTls: boolean;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  /** At most WEBHOOK_RESPONSE_BODY_LIMIT bytes of it, as text. */
  body: string;
}

/** No response came: refused by the SSRF rules, DNS, connection, TLS, timeout. The message is the log's. */
export class WebhookRequestError extends Error {}

/**
 * POSTs one webhook and returns the receiver's answer, whatever its status (a 3xx is returned, not
 * followed). The host is resolved once, every address it resolves to must be public (unless local
 * webhooks are allowed), and the connection goes to the address that was checked (Host and TLS
 * SNI stay the name), so a DNS answer that changes between the check and the connection cannot
 * point the request at the inside.
 */
export async function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new WebhookRequestError(`URL '${request.url}' is blocked: URI is invalid`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebhookRequestError(`URL '${request.url}' is blocked: Only allowed schemes are http, https`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const address = await checkedAddress(host, request.url, request.allowLocal);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
        lookup: isIP(host) ? undefined : pinned,
        rejectUnauthorized: request.verifyTls,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)])),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (kept >= WEBHOOK_RESPONSE_BODY_LIMIT) return;
          chunks.push(chunk.subarray(0, WEBHOOK_RESPONSE_BODY_LIMIT - kept));
          kept += Math.min(chunk.length, WEBHOOK_RESPONSE_BODY_LIMIT - kept);
          if (kept >= WEBHOOK_RESPONSE_BODY_LIMIT) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', (error) => fail(error));
      },
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new WebhookRequestError(error.message || String(error)));
    };
    const timer = setTimeout(() => {
      fail(new Error(`execution expired (no complete answer within ${WEBHOOK_TIMEOUT_MS / 1000} s)`));
      req.destroy();
    }, WEBHOOK_TIMEOUT_MS);
    req.on('error', fail);
    req.end(request.body);
  });
}

async function checkedAddress(host: string, url: string, allowLocal: boolean): Promise<{ address: string; family: number }> {
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new WebhookRequestError(`URL '${url}' is blocked: Host cannot be resolved or invalid (${(error as Error).message})`);
    }
    if (addresses.length === 0) throw new WebhookRequestError(`URL '${url}' is blocked: Host cannot be resolved or invalid`);
  }
  if (!allowLocal) {
    const blocked = addresses.find((candidate) => !isPublicAddress(candidate.address));
    if (blocked) {
      throw new WebhookRequestError(
        `URL '${url}' is blocked: Requests to the local network are not allowed (${host} resolves to ${blocked.address})`,
      );
    }
  }
  return addresses[0]!;
}
