"""Where browsers report what the Content-Security-Policy blocked (`report-uri`).

A report means either hostile content that got as far as the page and was stopped by the
policy (an injection to find and fix), or one of our own pages breaking its policy (a bug).
Each is logged as one warning on the "config.csp" logger: directive, blocked resource, page.
Both formats are read: `application/csp-report` ({"csp-report": {...}}) and the Reporting
API's `application/reports+json` ([{"type": "csp-violation", "body": {...}}]).

Anyone can post here, so: small bodies only, at most REPORTS_PER_MINUTE logged per address
(the rest are answered and dropped), every logged value cut short and stripped of control
characters. Bad bodies get a 400 saying what is wrong.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.cache import count_in_window
from core.client_address import client_address

logger = logging.getLogger("config.csp")

MAX_REPORT_BYTES = 16 * 1024
REPORTS_PER_MINUTE = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Field names in the two formats: report-uri (kebab-case) and the Reporting API (camelCase).
_FIELDS = {
    "directive": ("effective-directive", "violated-directive", "effectiveDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "page": ("document-uri", "documentURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "disposition": ("disposition",),
}


def _clean(value: Any, limit: int = 200) -> str:
    text = _CONTROL.sub(" ", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _violations(document: Any) -> list[dict[str, str]]:
    """The CSP violations in a report body of either format ([] when there are none)."""
    if isinstance(document, dict) and isinstance(document.get("csp-report"), dict):
        bodies = [document["csp-report"]]
    elif isinstance(document, list):
        bodies = [
            r["body"]
            for r in document
            if isinstance(r, dict)
            and r.get("type") == "csp-violation"
            and isinstance(r.get("body"), dict)
        ]
    else:
        bodies = []
    return [
        {
            field: _clean(next((body[n] for n in names if body.get(n) not in (None, "")), "-"))
            for field, names in _FIELDS.items()
        }
        for body in bodies
    ]


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log the violations a browser reports; 204, or 400/413 for a body that is not one."""
    if len(request.body) > MAX_REPORT_BYTES:
        return JsonResponse(
            {"detail": f"A CSP report is at most {MAX_REPORT_BYTES // 1024} KB."}, status=413
        )
    try:
        violations = _violations(json.loads(request.body))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "A CSP report is a JSON document."}, status=400)
    if not violations:
        return JsonResponse(
            {"detail": 'No CSP violation in the body (expected {"csp-report": {...}}).'},
            status=400,
        )
    address = client_address(request) or "unknown"
    count = count_in_window(f"csp-reports:{address}", 60)
    if count is not None and count > REPORTS_PER_MINUTE:
        return HttpResponse(status=204)  # answered, not logged: a flood stays out of the logs
    for v in violations[:5]:
        logger.warning(
            "CSP violation (%s): %s blocked %s on %s (%s line %s)",
            v["disposition"],
            v["directive"],
            v["blocked"],
            v["page"],
            v["source"],
            v["line"],
        )
    return HttpResponse(status=204)
