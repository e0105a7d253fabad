import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

const SECRET_QUERY = /token|password|secret|key|code|csrf/i;

/** A reset token in a path, also inside a query value such as the language switcher's returnTo; any case, as Express routes. */
const RESET_PATH = /(\/password\/reset\/)[^/?#]+/gi;

/** The URL as logged: reset tokens in paths and secret-looking query values are replaced. */
export function redactUrl(url: string): string {
  const [pathPart = "", query] = url.split("?", 2);
  const path = pathPart.replace(RESET_PATH, "$1[redacted]");
  if (!query) return path;
  const params = new URLSearchParams(
    [...new URLSearchParams(query)].map(([key, value]) => [
      key,
      SECRET_QUERY.test(key) ? "[redacted]" : value.replace(RESET_PATH, "$1[redacted]"),
    ]),
  );
  return `${path}?${params.toString()}`;
}

/** One line per request with its id; no headers, cookies or bodies are logged. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(_req: IncomingMessage, res: ServerResponse) {
      const id = crypto.randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/static/") },
  });
}
