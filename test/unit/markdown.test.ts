import { expect } from "chai";
import { LINK_REL, renderStory } from "../../server/domain/markdown.ts";

/** What must never survive sanitization, whatever the payload. */
function expectInert(html: string) {
  expect(html).not.to.match(/<script/i);
  expect(html).not.to.match(/<(iframe|svg|math|object|embed|style|img|form|input|button|meta|link|base)\b/i);
  expect(html).not.to.match(/\son[a-z]+\s*=/i);
  expect(html).not.to.match(/javascript:/i);
  expect(html).not.to.match(/vbscript:/i);
  expect(html).not.to.match(/data:/i);
  expect(html).not.to.match(/\sstyle\s*=/i);
  expect(html).not.to.match(/\ssrcdoc\s*=/i);
}

describe("story Markdown", () => {
  it("renders ordinary Markdown, with headings one level down (the page title is the h1)", () => {
    const html = renderStory(
      "# Our plan\n\nWe make **solid** *oak* tables.\n\n## Timeline\n\n- design\n- build\n\n> quote",
    );
    expect(html).to.include("<h2>Our plan</h2>");
    expect(html).to.include("<h3>Timeline</h3>");
    expect(html).to.include("<strong>solid</strong>");
    expect(html).to.include("<em>oak</em>");
    expect(html).to.include("<li>design</li>");
    expect(html).to.include("<blockquote>");
  });

  it("keeps Chinese text as it is", () => {
    expect(renderStory("我们的**故事**")).to.equal("<p>我们的<strong>故事</strong></p>");
  });

  it("gives http(s) links rel=nofollow noopener ugc and keeps their href", () => {
    const html = renderStory(
      '[site](https://example.com/a?b=1) and <a href="http://e.org" rel="opener">x</a>',
    );
    expect(html).to.include(`<a href="https://example.com/a?b=1" rel="${LINK_REL}">site</a>`);
    expect(html).to.include(`<a href="http://e.org" rel="${LINK_REL}">x</a>`);
    expect(LINK_REL).to.equal("nofollow noopener ugc");
  });

  it("keeps mailto links", () => {
    expect(renderStory("[mail](mailto:team@example.com)")).to.include('href="mailto:team@example.com"');
  });

  it("renders GFM tables and code blocks", () => {
    const html = renderStory("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlet x = '<b>';\n```");
    expect(html).to.include("<table>");
    expect(html).to.include("<td>1</td>");
    expect(html).to.include("<pre><code>let x = '&lt;b&gt;';");
  });

  const payloads: [string, string][] = [
    ["script tag", "Hello <script>alert(document.cookie)</script> world"],
    ["script tag, mixed case, with attributes", '<ScRiPt src="https://evil.example/x.js"></sCrIpT>'],
    ["img onerror", '<img src=x onerror="alert(1)">'],
    ["img onerror without quotes", "<img src=x onerror=alert(1)//>"],
    ["Markdown image with javascript: source", "![x](javascript:alert(1))"],
    ["Markdown image with a data: URL", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
    ["javascript: link in Markdown", "[click me](javascript:alert(1))"],
    ["javascript: link, mixed case", "[click](JaVaScRiPt:alert(1))"],
    ["javascript: link with an entity-encoded tab", '<a href="java&#x09;script:alert(1)">x</a>'],
    ["javascript: link with entities", '<a href="&#106;avascript:alert(1)">x</a>'],
    ["vbscript: link", "[x](vbscript:msgbox(1))"],
    ["data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["svg onload", "<svg onload=alert(1)><circle r=10 /></svg>"],
    ["svg with script inside", "<svg><script>alert(1)</script></svg>"],
    ["math with xlink", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
    ["iframe", '<iframe src="https://evil.example"></iframe>'],
    ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
    ["style attribute", '<p style="background:url(javascript:alert(1))">x</p>'],
    ["style element", "<style>body{display:none}</style>"],
    ["event handler on an allowed tag", '<p onclick="alert(1)" onmouseover="alert(2)">x</p>'],
    ["event handler on a link", '<a href="https://e.com" onclick="alert(1)">x</a>'],
    ["details ontoggle", "<details open ontoggle=alert(1)>x</details>"],
    [
      "form and button",
      '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
    ],
    ["object and embed", '<object data="x.swf"></object><embed src="x.swf">'],
    ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
    ["base tag", '<base href="https://evil.example/">'],
    ["broken tag trick", "<<script>script>alert(1)<</script>/script>"],
    ["HTML comment trick", "<!--<img src=x onerror=alert(1)>-->"],
  ];
  for (const [name, markdown] of payloads) {
    it(`neutralises: ${name}`, () => {
      expectInert(renderStory(markdown));
    });
  }

  it("keeps the text of a link whose URL was refused, without an href", () => {
    const html = renderStory("[click me](javascript:alert(1))");
    expect(html).to.include("click me");
    expect(html).not.to.include("href");
  });

  it("refuses protocol-relative links (they would leave the site)", () => {
    expect(renderStory('<a href="//evil.example/x">x</a>')).not.to.include("evil.example");
  });

  it("drops the content of script and style, not only the tags", () => {
    const html = renderStory("a <script>steal()</script> b <style>p{}</style> c");
    expect(html).not.to.include("steal");
    expect(html).not.to.include("p{}");
  });

  it("escapes text so it cannot open a tag", () => {
    expect(renderStory("1 < 2 & 3 > 2")).to.equal("<p>1 &lt; 2 &amp; 3 &gt; 2</p>");
  });
});
