import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * A project's story: Markdown written by the creator, rendered to HTML and then sanitized to a small
 * allowlist. The allowlist is the security boundary (marked passes raw HTML through): no scripts,
 * no event handlers, no style, no frames, no images, and links only to http(s) and mailto.
 * Headings move down one level because the page's <h1> is the project title.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  "p",
  "br",
  "h2",
  "h3",
  "h4",
  "strong",
  "b",
  "em",
  "i",
  "del",
  "s",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
  "code",
  "pre",
  "hr",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];

export const LINK_REL = "nofollow noopener ugc";

const options: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // The text inside these is dropped together with the tag, not shown as text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "svg", "math", "template"],
  transformTags: {
    h1: "h2",
    h2: "h3",
    h3: "h4",
    h5: "h4",
    h6: "h4",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/** Markdown → sanitized HTML, safe to insert into a page unescaped. */
export function renderStory(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, options).trim();
}

/** Sanitizes HTML from any source with the same allowlist (for stored HTML written elsewhere). */
export function sanitizeStoryHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}
