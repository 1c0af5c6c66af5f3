"""Hostile strings for the XSS corpus test: each one, if it ever ran or became markup, shows it.

Every payload carries its number N. Script in a payload calls `__xss(N)` (a function the test
exposes to the page), `alert(N)` or sets the title to "XSS"; every element a payload could
create has a class or id containing "xss". So a payload that escapes its text context is
caught by the hook it calls or by a DOM query, and says which one it was.
"""

from __future__ import annotations

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: display spoofing of names and extensions
LRI, PDI = "\u2066", "\u2069"

_TEMPLATES: list[str] = [
    # script tags, plain and disguised
    "<script>__xss({n})</script>",
    "<SCRIPT>__xss({n})</SCRIPT>",
    "<ScRiPt >__xss({n})</sCrIpT >",
    "<script src=data:text/javascript,__xss({n})></script>",
    "<script/xss>__xss({n})</script>",
    "<<script>__xss({n})//<</script>",
    # breaking out of a <script> or JSON block the page may embed
    "</script><script>__xss({n})</script>",
    '";__xss({n});//',
    "'-__xss({n})-'",
    "\\';__xss({n});//",
    "</title><script>__xss({n})</script>",
    "</textarea><script>__xss({n})</script>",
    "</style><script>__xss({n})</script>",
    "<!--<script>__xss({n})</script>-->",
    "]]><script>__xss({n})</script>",
    # event handlers
    '<img class="xss-{n}" src=x onerror=__xss({n})>',
    "<IMG CLASS=xss-{n} SRC=# OnErRoR=__xss({n})>",
    '<svg class="xss-{n}" onload=__xss({n})>',
    '<svg><g class="xss-{n}" onload="__xss({n})"></g></svg>',
    '<body class="xss-{n}" onload=__xss({n})>',
    '<details class="xss-{n}" open ontoggle=__xss({n})>',
    '<input class="xss-{n}" autofocus onfocus=__xss({n})>',
    '<video class="xss-{n}"><source onerror="__xss({n})"></video>',
    '<div class="xss-{n}" onmouseover="__xss({n})">hover</div>',
    # attribute breakouts
    '"><img class=xss-{n} src=x onerror=__xss({n})>',
    "'><img class=xss-{n} src=x onerror=__xss({n})>",
    '" onfocus="__xss({n})" autofocus data-xss="{n}',
    "' onmouseover='__xss({n})' data-xss='{n}",
    '" style="background:url(javascript:__xss({n}))" data-xss="{n}',
    "` onerror=__xss({n}) data-xss={n} `",
    # javascript: and data: URLs
    '<a class="xss-{n}" href="javascript:__xss({n})">link</a>',
    '<a class="xss-{n}" href="JaVaScRiPt:__xss({n})">link</a>',
    '<a class="xss-{n}" href="java&#x09;script:__xss({n})">link</a>',
    '<a class="xss-{n}" href="&#106;avascript:__xss({n})">link</a>',
    '<a class="xss-{n}" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe class="xss-{n}" src="javascript:__xss({n})"></iframe>',
    '<iframe class="xss-{n}" srcdoc="&lt;script&gt;parent.__xss({n})&lt;/script&gt;"></iframe>',
    '<object class="xss-{n}" data="data:text/html,<script>__xss({n})</script>"></object>',
    '<embed class="xss-{n}" src="javascript:__xss({n})">',
    '<form class="xss-{n}" action="javascript:__xss({n})"><button>go</button></form>',
    '<math><mtext><a class="xss-{n}" xlink:href="javascript:__xss({n})">m</a></mtext></math>',
    # CSS
    '<style>.xss-{n}{{background:url("javascript:__xss({n})")}}</style>',
    '<div class="xss-{n}" style="width:expression(__xss({n}))">css</div>',
    '<link class="xss-{n}" rel="stylesheet" href="javascript:__xss({n})">',
    # encoded and mixed forms
    "&lt;script&gt;__xss({n})&lt;/script&gt;",
    "%3Cscript%3E__xss({n})%3C%2Fscript%3E",
    "\\u003cscript\\u003e__xss({n})\\u003c/script\\u003e",
    "&#60;img class=xss-{n} src=x onerror=__xss({n})&#62;",
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "<img/class=xss-{n}/src=x/onerror=__xss({n})>",
    # htmx attributes: content must never become htmx-enhanced markup
    '<div class="xss-{n}" hx-get="/xss-hx-{n}" hx-trigger="load">hx</div>',
    '<button class="xss-{n}" hx-on:click="__xss({n})" hx-on::load="__xss({n})">hx</button>',
    '<div class="xss-{n}" hx-post="/xss-hx-{n}" hx-trigger="load" hx-swap="outerHTML">p</div>',
    '<a class="xss-{n}" hx-get="/xss-hx-{n}" hx-trigger="load" hx-target="body">a</a>',
    # template-ish: never evaluated a second time
    "{{{{ 913377|add:{n} }}}}{{% debug %}}${{{{7*7}}}}#{{xss{n}}}",
    # page structure
    '<base class="xss-{n}" href="javascript:__xss({n})//">',
    '<meta class="xss-{n}" http-equiv="refresh" content="0;url=javascript:__xss({n})">',
    '<title>XSS</title><noscript><p title="</noscript>'
    '<img class=xss-{n} src=x onerror=__xss({n})>">',
    # right-to-left override and isolates: shown as text, never reorder the markup
    RLO + "<img class=xss-{n} src=x onerror=__xss({n})>gpj.exe",
    LRI + '"><svg class=xss-{n} onload=__xss({n})>' + PDI,
]

PAYLOADS: list[str] = [template.format(n=n) for n, template in enumerate(_TEMPLATES, start=1)]

# What the template-ish payload would print if content were ever rendered as a template.
TEMPLATE_EVALUATED = str(913377 + next(n for n, t in enumerate(_TEMPLATES, 1) if "913377" in t))


def payload(n: int) -> str:
    """Payload number n (1-based), cycling through the corpus."""
    return PAYLOADS[(n - 1) % len(PAYLOADS)]


def joined(start: int = 1, count: int | None = None, sep: str = " ") -> str:
    """Several payloads in one string (count of them from start), for a body or summary."""
    count = len(PAYLOADS) if count is None else count
    return sep.join(payload(start + i) for i in range(count))
